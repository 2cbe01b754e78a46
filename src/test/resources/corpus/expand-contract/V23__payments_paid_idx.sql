DROP INDEX CONCURRENTLY IF EXISTS payments_paid_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_paid_idx ON payments (paid_at);

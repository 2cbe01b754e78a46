-- Release 3: the list shows open items first. CONCURRENTLY keeps writes flowing while the index builds;
-- Flyway runs a file that holds it outside a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS todo_open_idx ON todo (created_at) WHERE NOT done;

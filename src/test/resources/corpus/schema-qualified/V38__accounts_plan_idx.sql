CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_plan_idx ON billing.accounts (plan);
CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_code_idx ON billing.accounts (code);

CREATE INDEX CONCURRENTLY ledger_account_idx ON billing.ledger (account_id);

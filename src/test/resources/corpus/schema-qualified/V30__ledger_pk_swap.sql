ALTER TABLE billing.ledger DROP CONSTRAINT ledger_pkey;
ALTER TABLE billing.ledger ADD PRIMARY KEY (id, account_id);

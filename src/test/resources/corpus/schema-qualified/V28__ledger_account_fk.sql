ALTER TABLE billing.ledger ADD CONSTRAINT ledger_account_fk FOREIGN KEY (account_id) REFERENCES billing.accounts (id) NOT VALID;

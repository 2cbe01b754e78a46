ALTER TABLE billing.accounts ADD COLUMN code text NOT NULL;

ALTER TABLE billing.accounts ADD CONSTRAINT accounts_name_nn CHECK (name IS NOT NULL) NOT VALID;

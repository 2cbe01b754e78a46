ALTER TABLE billing.accounts VALIDATE CONSTRAINT accounts_name_nn;

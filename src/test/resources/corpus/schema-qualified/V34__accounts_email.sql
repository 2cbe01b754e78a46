ALTER TABLE billing.accounts ADD COLUMN email text;
CREATE INDEX accounts_email_idx ON billing.accounts (email);

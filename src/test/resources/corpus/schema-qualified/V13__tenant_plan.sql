ALTER TABLE billing.tenants ADD COLUMN plan text;

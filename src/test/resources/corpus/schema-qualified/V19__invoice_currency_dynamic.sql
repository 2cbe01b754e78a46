DO $$ BEGIN EXECUTE 'ALTER TABLE billing.invoices ALTER COLUMN issued_on TYPE timestamptz'; END $$;

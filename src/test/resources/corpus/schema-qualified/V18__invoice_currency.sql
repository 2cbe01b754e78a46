ALTER TABLE billing.invoices ADD COLUMN currency text;

ALTER TABLE billing.invoices ADD COLUMN paid boolean;
CREATE INDEX CONCURRENTLY invoices_paid_idx ON billing.invoices (paid);

ALTER TABLE billing.invoices ADD COLUMN status text NOT NULL DEFAULT 'open';

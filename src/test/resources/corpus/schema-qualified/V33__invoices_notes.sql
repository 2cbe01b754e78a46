ALTER TABLE billing.invoices ADD COLUMN notes text[] NOT NULL DEFAULT '{}';

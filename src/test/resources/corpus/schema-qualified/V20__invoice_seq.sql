ALTER TABLE billing.invoices ADD COLUMN seq bigserial;

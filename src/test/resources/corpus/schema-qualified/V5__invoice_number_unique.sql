ALTER TABLE billing.invoices ADD CONSTRAINT invoices_number_key UNIQUE (tenant_id, number);

CREATE INDEX invoices_status_idx ON billing.invoices (status);

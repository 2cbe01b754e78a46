ALTER TABLE billing.invoices ADD CONSTRAINT invoices_tenant_fk FOREIGN KEY (tenant_id) REFERENCES billing.tenants (id);

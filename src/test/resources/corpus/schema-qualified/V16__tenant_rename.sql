ALTER TABLE billing.tenants RENAME TO accounts;

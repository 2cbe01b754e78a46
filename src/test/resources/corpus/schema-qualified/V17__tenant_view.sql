CREATE VIEW billing.tenants AS SELECT * FROM billing.accounts;

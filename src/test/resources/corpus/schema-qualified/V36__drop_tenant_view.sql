DROP VIEW billing.tenants;

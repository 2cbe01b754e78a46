CREATE TABLE billing.ledger (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id int NOT NULL, delta numeric(14,2) NOT NULL);
INSERT INTO billing.ledger (account_id, delta) SELECT tenant_id, amount FROM billing.invoices;

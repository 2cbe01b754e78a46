CREATE TABLE billing.invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id int NOT NULL, number text NOT NULL, amount numeric(12,2) NOT NULL, issued_on date NOT NULL);

CREATE TABLE billing.tenants (id int PRIMARY KEY, name text NOT NULL);

CREATE UNIQUE INDEX CONCURRENTLY customers_email_idx ON customers (lower(email));

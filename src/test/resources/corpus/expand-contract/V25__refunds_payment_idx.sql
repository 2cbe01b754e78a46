CREATE INDEX CONCURRENTLY refunds_payment_idx ON refunds (payment_id);

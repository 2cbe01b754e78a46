CREATE UNIQUE INDEX CONCURRENTLY order_stats_customer_idx ON order_stats (customer_id);

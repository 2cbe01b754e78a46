CREATE MATERIALIZED VIEW order_stats AS SELECT customer_id, count(*) AS orders FROM orders GROUP BY customer_id;

ALTER TABLE orders VALIDATE CONSTRAINT orders_total_wide_not_null;

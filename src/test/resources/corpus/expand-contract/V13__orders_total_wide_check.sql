ALTER TABLE orders ADD CONSTRAINT orders_total_wide_not_null CHECK (total_cents_wide IS NOT NULL) NOT VALID;

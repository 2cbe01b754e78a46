ALTER TABLE orders ADD COLUMN total_cents_wide bigint;

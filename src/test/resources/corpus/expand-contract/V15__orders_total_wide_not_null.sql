ALTER TABLE orders ALTER COLUMN total_cents_wide SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_total_wide_not_null;

COMMENT ON TABLE orders IS 'one row per checkout';
COMMENT ON COLUMN orders.total_cents IS 'deprecated: total_cents_wide';

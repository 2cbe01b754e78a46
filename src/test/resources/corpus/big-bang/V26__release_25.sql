CREATE INDEX IF NOT EXISTS product_price_idx ON product (price);

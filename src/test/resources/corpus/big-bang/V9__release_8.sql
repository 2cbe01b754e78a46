DROP INDEX stock_product_idx;
CREATE INDEX stock_warehouse_idx ON stock (warehouse);

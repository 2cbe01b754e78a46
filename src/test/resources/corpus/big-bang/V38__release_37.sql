ALTER TABLE stock VALIDATE CONSTRAINT stock_product_fk;

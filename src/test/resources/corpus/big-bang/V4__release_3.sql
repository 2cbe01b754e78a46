ALTER TABLE stock ADD CONSTRAINT stock_pk PRIMARY KEY (product_id, warehouse);
ALTER TABLE stock ADD CONSTRAINT stock_product_fk FOREIGN KEY (product_id) REFERENCES product (id);
ALTER TABLE stock ALTER COLUMN warehouse TYPE varchar(20);

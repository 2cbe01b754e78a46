ALTER TABLE product ADD COLUMN supplier_id int REFERENCES supplier (id);
ALTER TABLE product ALTER COLUMN price TYPE numeric(10,2);
CREATE INDEX product_category_idx ON product (category);
UPDATE product SET supplier_id = 1;

ALTER TABLE product ADD CONSTRAINT product_name_unique UNIQUE USING INDEX product_name_key;

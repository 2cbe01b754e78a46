CREATE UNIQUE INDEX product_name_key ON product (name);

ALTER TABLE product RENAME CONSTRAINT product_name_unique TO product_name_key2;

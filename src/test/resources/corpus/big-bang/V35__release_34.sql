ALTER TABLE product ADD COLUMN sku text NOT NULL DEFAULT md5(random()::text);

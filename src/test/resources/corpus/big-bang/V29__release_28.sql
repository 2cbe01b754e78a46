UPDATE product SET price = 0 WHERE price IS NULL;

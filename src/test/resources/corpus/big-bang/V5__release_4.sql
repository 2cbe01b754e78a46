ALTER TABLE product RENAME COLUMN category TO category_code;
ALTER TABLE product ALTER COLUMN name TYPE text;
ALTER TABLE product ALTER COLUMN category_code SET NOT NULL;

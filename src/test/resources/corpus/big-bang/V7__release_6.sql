ALTER TABLE product ALTER COLUMN price TYPE numeric(12,2);
ALTER TABLE product ALTER COLUMN id TYPE bigint;

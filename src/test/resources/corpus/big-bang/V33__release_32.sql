ALTER TABLE vendor ALTER COLUMN rating TYPE bigint;
ALTER TABLE vendor ALTER COLUMN country TYPE varchar(10);

ALTER TABLE vendor ALTER COLUMN country TYPE varchar(2);

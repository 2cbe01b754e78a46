ALTER TABLE product ADD COLUMN created timestamptz NOT NULL DEFAULT clock_timestamp();

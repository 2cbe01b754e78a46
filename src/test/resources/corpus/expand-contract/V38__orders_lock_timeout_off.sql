SET lock_timeout = 0;
ALTER TABLE orders ADD COLUMN channel text;

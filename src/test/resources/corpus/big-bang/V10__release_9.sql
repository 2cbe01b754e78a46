ALTER TABLE stock ADD COLUMN bin text NOT NULL;
ALTER TABLE vendor ADD COLUMN rating int;

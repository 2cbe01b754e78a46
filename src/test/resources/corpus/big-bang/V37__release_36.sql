ALTER TABLE stock ADD COLUMN note text;

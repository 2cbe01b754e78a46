ALTER TABLE shipments ADD COLUMN tracking text NOT NULL DEFAULT '';

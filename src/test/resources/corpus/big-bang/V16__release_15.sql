ALTER TABLE audit ADD COLUMN at timestamptz DEFAULT now();

ALTER TABLE billing.invoices ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', number)) STORED;

-- Release 2: items can be ticked off. A constant default is a catalog-only change on PostgreSQL 11+.
ALTER TABLE todo ADD COLUMN done boolean NOT NULL DEFAULT false;

DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'billing_reader') THEN CREATE ROLE billing_reader NOLOGIN; END IF; END $$;
GRANT USAGE ON SCHEMA billing TO billing_reader;

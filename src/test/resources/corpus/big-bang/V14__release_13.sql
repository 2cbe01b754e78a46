DROP TABLE IF EXISTS legacy_import;

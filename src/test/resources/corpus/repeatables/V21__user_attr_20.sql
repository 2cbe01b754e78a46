ALTER TABLE app_user ADD COLUMN attr_20 text;

ALTER TABLE app_user ADD COLUMN attr_25 text;

ALTER TABLE app_user ADD COLUMN attr_10 text;

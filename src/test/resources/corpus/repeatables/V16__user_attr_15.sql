ALTER TABLE app_user ADD COLUMN attr_15 text;

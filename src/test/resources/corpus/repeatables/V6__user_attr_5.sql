ALTER TABLE app_user ADD COLUMN attr_5 text;

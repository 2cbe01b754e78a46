ALTER TABLE app_user ADD COLUMN attr_30 text;

CREATE OR REPLACE VIEW active_users AS SELECT id, login FROM app_user WHERE active;

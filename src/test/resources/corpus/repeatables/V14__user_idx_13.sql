CREATE INDEX app_user_attr_13_idx ON app_user (login, id);

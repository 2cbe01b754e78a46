CREATE INDEX app_user_attr_8_idx ON app_user (login, id);

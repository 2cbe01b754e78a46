CREATE INDEX app_user_attr_3_idx ON app_user (login, id);

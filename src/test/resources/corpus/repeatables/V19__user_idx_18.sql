CREATE INDEX app_user_attr_18_idx ON app_user (login, id);

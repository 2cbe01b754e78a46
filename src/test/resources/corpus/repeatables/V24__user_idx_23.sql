CREATE INDEX app_user_attr_23_idx ON app_user (login, id);

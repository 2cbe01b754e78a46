CREATE INDEX app_user_attr_28_idx ON app_user (login, id);

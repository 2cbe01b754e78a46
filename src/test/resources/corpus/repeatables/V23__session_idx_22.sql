CREATE INDEX CONCURRENTLY app_session_attr_21_idx ON app_session (attr_21);

CREATE INDEX CONCURRENTLY app_session_attr_1_idx ON app_session (attr_1);

CREATE INDEX CONCURRENTLY app_session_attr_6_idx ON app_session (attr_6);

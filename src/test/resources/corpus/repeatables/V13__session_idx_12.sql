CREATE INDEX CONCURRENTLY app_session_attr_11_idx ON app_session (attr_11);

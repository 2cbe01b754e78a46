CREATE INDEX CONCURRENTLY app_session_attr_26_idx ON app_session (attr_26);

CREATE INDEX CONCURRENTLY app_session_attr_16_idx ON app_session (attr_16);

COMMENT ON TABLE stock IS 'per warehouse';

ALTER TABLE orders SET (autovacuum_vacuum_scale_factor = 0.05);

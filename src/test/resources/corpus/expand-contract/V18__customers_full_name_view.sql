CREATE OR REPLACE VIEW customer_names AS SELECT id, coalesce(display_name, full_name) AS name FROM customers;

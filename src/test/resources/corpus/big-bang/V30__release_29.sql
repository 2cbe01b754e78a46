CREATE OR REPLACE VIEW product_stock AS SELECT p.id, p.name, s.warehouse, s.quantity FROM product p JOIN stock s ON s.product_id = p.id;

ALTER TABLE order_lines ADD CONSTRAINT order_lines_qty_small CHECK (qty < 1000) NOT VALID;

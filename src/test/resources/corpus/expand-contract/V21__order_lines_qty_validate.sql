ALTER TABLE order_lines VALIDATE CONSTRAINT order_lines_qty_small;

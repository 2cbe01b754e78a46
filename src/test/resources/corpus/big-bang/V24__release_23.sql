ALTER TABLE product DROP COLUMN supplier_id;

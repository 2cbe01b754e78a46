ALTER TABLE vendor ADD COLUMN country char(2);
UPDATE vendor SET country = 'de' WHERE id > 0;

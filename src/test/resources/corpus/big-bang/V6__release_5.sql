ALTER TABLE supplier RENAME TO vendor;
UPDATE vendor SET name = upper(name);

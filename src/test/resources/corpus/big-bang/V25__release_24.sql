UPDATE stock SET warehouse = 'main' WHERE warehouse = 'mn';

INSERT INTO supplier (name) VALUES ('acme'), ('globex');
INSERT INTO product (name, price, category) VALUES ('bolt', 10, 'hw'), ('nut', 5, 'hw');

CREATE TABLE product (id serial PRIMARY KEY, name varchar(50) NOT NULL, price int, category varchar(30));
CREATE TABLE stock (product_id int NOT NULL, warehouse varchar(10) NOT NULL, qty int NOT NULL DEFAULT 0);
CREATE TABLE supplier (id serial PRIMARY KEY, name text);
CREATE INDEX stock_product_idx ON stock (product_id);

INSERT INTO billing.staging VALUES ('a'), ('b');

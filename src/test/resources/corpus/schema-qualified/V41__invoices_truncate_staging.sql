CREATE TABLE billing.staging (line text);
TRUNCATE billing.staging;

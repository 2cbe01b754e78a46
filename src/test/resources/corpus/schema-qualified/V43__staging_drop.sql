DROP TABLE billing.staging;

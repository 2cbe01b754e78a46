DROP TABLE billing.events_2026;

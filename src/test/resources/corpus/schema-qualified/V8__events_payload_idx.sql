CREATE INDEX CONCURRENTLY events_2026_payload_idx ON billing.events_2026 USING gin (payload);

CREATE TABLE billing.events (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL, payload jsonb NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE billing.events_2026 PARTITION OF billing.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

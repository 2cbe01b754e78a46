CREATE TABLE audit (id bigserial PRIMARY KEY, what text);
CREATE INDEX audit_what_idx ON audit (what);

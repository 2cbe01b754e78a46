CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, full_name text, created_at timestamptz NOT NULL DEFAULT now());

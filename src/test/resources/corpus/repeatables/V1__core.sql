CREATE TABLE app_user (id bigint PRIMARY KEY, login text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE TABLE app_session (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES app_user (id), started timestamptz NOT NULL DEFAULT now());

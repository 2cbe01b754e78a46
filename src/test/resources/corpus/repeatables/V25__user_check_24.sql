ALTER TABLE app_user ADD CONSTRAINT app_user_login_len_24 CHECK (length(login) < 124);

ALTER TABLE app_user ADD CONSTRAINT app_user_login_len_14 CHECK (length(login) < 114);

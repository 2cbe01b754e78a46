ALTER TABLE app_user ADD CONSTRAINT app_user_login_len_4 CHECK (length(login) < 104);

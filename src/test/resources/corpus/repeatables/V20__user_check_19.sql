ALTER TABLE app_user ADD CONSTRAINT app_user_login_len_19 CHECK (length(login) < 119);

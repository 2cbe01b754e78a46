ALTER TABLE app_user ADD CONSTRAINT app_user_login_len_29 CHECK (length(login) < 129);

ALTER TABLE app_user ADD CONSTRAINT app_user_login_len_9 CHECK (length(login) < 109);

UPDATE app_user SET active = false WHERE id NOT IN (SELECT user_id FROM app_session);

CREATE OR REPLACE FUNCTION user_login(p_id bigint) RETURNS text LANGUAGE sql STABLE AS $$ SELECT login FROM app_user WHERE id = p_id $$;

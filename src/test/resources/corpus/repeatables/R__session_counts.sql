CREATE OR REPLACE VIEW session_counts AS SELECT user_id, count(*) AS sessions FROM app_session GROUP BY user_id;

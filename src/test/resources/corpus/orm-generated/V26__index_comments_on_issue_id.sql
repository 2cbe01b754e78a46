CREATE INDEX CONCURRENTLY IF NOT EXISTS "index_comments_on_issue_id" ON "comments" ("issue_id");

CREATE INDEX CONCURRENTLY "index_issues_on_project_id" ON "issues" ("project_id");

CREATE UNIQUE INDEX CONCURRENTLY "index_projects_on_slug" ON "projects" ("slug");

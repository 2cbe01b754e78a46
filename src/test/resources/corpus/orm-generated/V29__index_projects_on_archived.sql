CREATE INDEX "index_projects_on_archived" ON "projects" ("archived") WHERE "archived";

ALTER TABLE "projects" ADD CONSTRAINT "projects_slug_key" UNIQUE USING INDEX "index_projects_on_slug";

DROP INDEX "index_projects_on_archived";

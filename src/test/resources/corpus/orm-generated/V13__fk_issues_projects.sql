ALTER TABLE "issues" ADD CONSTRAINT "fk_rails_issues_project" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") NOT VALID;

ALTER TABLE "projects" ADD CONSTRAINT "fk_rails_projects_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id");

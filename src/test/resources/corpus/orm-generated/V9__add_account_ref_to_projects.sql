ALTER TABLE "projects" ADD "account_id" bigint;
CREATE INDEX "index_projects_on_account_id" ON "projects" ("account_id");

ALTER TABLE "issues" VALIDATE CONSTRAINT "fk_rails_issues_project";

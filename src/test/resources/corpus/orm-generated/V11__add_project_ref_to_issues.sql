ALTER TABLE "issues" ADD "project_id" bigint;

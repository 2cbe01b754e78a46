ALTER TABLE "issues" ADD "priority" smallint;

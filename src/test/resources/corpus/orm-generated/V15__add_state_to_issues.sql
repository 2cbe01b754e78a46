ALTER TABLE "issues" ADD "state" integer DEFAULT 0 NOT NULL;

ALTER TABLE "issues" ADD "comments_count" integer DEFAULT 0 NOT NULL;

ALTER TABLE "comments" ADD "issue_id" bigint NOT NULL DEFAULT 0;

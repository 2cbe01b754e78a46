ALTER TABLE "issues" ALTER COLUMN "comments_count" TYPE bigint;
ALTER TABLE "issues" ALTER COLUMN "state" TYPE bigint;

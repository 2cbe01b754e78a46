UPDATE "issues" SET "priority" = 0;
ALTER TABLE "issues" ALTER COLUMN "priority" SET NOT NULL;

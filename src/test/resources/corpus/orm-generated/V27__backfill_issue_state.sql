UPDATE "issues" SET "state" = 1 WHERE "closed_at" IS NOT NULL;

ALTER TABLE "issues" RENAME COLUMN "name" TO "title";

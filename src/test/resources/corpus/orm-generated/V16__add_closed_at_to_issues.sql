ALTER TABLE "issues" ADD "closed_at" timestamp(6);

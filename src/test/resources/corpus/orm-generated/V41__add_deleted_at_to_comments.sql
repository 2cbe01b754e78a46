ALTER TABLE "comments" ADD "deleted_at" timestamp(6);

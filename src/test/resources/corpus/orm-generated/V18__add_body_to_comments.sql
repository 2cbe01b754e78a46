ALTER TABLE "comments" ADD "body" text;

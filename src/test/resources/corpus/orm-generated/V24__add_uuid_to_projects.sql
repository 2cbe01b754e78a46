ALTER TABLE "projects" ADD "uuid" uuid DEFAULT gen_random_uuid() NOT NULL;

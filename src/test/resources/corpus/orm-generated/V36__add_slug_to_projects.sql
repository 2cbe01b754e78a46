ALTER TABLE "projects" ADD "slug" character varying;

ALTER TABLE "projects" ADD "archived" boolean DEFAULT FALSE NOT NULL;

ALTER TABLE "labels" ADD "position" integer NOT NULL;

ALTER TABLE "labels" ADD "color" character varying(7) DEFAULT '#cccccc' NOT NULL;

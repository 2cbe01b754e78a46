ALTER TABLE "comments" ALTER COLUMN "name" TYPE character varying(100);

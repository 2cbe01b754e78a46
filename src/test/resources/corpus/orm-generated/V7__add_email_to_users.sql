ALTER TABLE "users" ADD "email" character varying DEFAULT '' NOT NULL;

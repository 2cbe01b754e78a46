ALTER TABLE "labels" DROP COLUMN "name";

DELETE FROM "comments" WHERE "deleted_at" < now() - interval '90 days';

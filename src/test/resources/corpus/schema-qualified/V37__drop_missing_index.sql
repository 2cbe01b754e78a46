DROP INDEX IF EXISTS billing.never_created_idx;

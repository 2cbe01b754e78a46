-- schemahook:allow drop-column release 2.3 reads display_name only
ALTER TABLE customers DROP COLUMN full_name CASCADE;

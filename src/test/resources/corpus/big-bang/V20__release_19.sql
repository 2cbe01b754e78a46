ALTER TABLE vendor ADD CONSTRAINT vendor_rating_range CHECK (rating BETWEEN 0 AND 5);

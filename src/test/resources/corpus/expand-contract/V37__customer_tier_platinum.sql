ALTER TYPE customer_tier ADD VALUE IF NOT EXISTS 'platinum';

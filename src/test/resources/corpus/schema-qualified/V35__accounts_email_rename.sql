ALTER TABLE billing.accounts RENAME COLUMN email TO contact_email;
UPDATE billing.accounts SET contact_email = lower(contact_email);

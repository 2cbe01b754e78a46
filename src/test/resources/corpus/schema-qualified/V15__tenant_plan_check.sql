ALTER TABLE billing.tenants ADD CONSTRAINT tenants_plan_known CHECK (plan IN ('free', 'pro')) NOT VALID;

CREATE OR REPLACE FUNCTION orders_copy_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.total_cents_wide := NEW.total_cents;
  RETURN NEW;
END $$;
CREATE TRIGGER orders_copy_total BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_copy_total();

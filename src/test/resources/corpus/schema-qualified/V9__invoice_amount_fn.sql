CREATE OR REPLACE FUNCTION billing.invoice_total(p_tenant int) RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(amount), 0) FROM billing.invoices WHERE tenant_id = p_tenant
$$;

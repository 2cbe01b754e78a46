CLUSTER billing.invoices USING invoices_pkey;

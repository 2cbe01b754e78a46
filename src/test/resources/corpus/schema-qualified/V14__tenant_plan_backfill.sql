UPDATE billing.tenants SET plan = 'free';

UPDATE orders SET total_cents_wide = total_cents WHERE id BETWEEN 150001 AND 200000 AND total_cents_wide IS NULL;

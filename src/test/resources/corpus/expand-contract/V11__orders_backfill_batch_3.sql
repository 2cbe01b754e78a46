UPDATE orders SET total_cents_wide = total_cents WHERE id BETWEEN 100001 AND 150000 AND total_cents_wide IS NULL;

UPDATE orders SET total_cents_wide = total_cents WHERE id BETWEEN 1 AND 50000 AND total_cents_wide IS NULL;

UPDATE orders SET total_cents_wide = total_cents WHERE id BETWEEN 50001 AND 100000 AND total_cents_wide IS NULL;

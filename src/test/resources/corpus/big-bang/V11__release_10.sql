UPDATE product SET price = price * 1.1 WHERE category_code = 'hw';

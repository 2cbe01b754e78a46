TRUNCATE audit;

ALTER TABLE "labels" ADD CONSTRAINT "labels_color_format" CHECK ("color" ~ '^#[0-9a-f]{6}$');

CREATE UNIQUE INDEX "index_users_on_email" ON "users" ("email");

CREATE TABLE "issue_labels" ("issue_id" bigint NOT NULL, "label_id" bigint NOT NULL);
CREATE UNIQUE INDEX "index_issue_labels_on_issue_id_and_label_id" ON "issue_labels" ("issue_id", "label_id");

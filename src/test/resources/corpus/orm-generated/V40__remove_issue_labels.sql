DROP TABLE "issue_labels";

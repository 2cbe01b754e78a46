package dev.schemahook.safety;

/** Every rule analyze applies: its id (used in {@code -- schemahook:allow}), severity, why it matters and the fix. */
public enum Rule {
    INDEX_WITHOUT_CONCURRENTLY("index-without-concurrently", Severity.ERROR,
            "CREATE INDEX holds a SHARE lock on the table for the whole build, blocking every INSERT, UPDATE and"
                    + " DELETE; DROP INDEX holds ACCESS EXCLUSIVE, blocking reads too.",
            "CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY, alone in its own migration (Flyway then runs it"
                    + " outside a transaction)."),
    CONCURRENTLY_IN_TRANSACTION("concurrently-in-transaction", Severity.ERROR,
            "CONCURRENTLY cannot run inside a transaction block: PostgreSQL refuses it, and Flyway refuses a migration"
                    + " that mixes it with transactional statements, so the deployment fails.",
            "Put each CONCURRENTLY statement in a migration of its own, without BEGIN/COMMIT."),
    CONSTRAINT_WITHOUT_NOT_VALID("constraint-without-not-valid", Severity.ERROR,
            "Adding a FOREIGN KEY or CHECK validates every existing row while holding a lock that blocks writes (a"
                    + " foreign key also locks the referenced table).",
            "ADD CONSTRAINT ... NOT VALID (instant), then ALTER TABLE ... VALIDATE CONSTRAINT ... in a later migration:"
                    + " validation takes only a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes through."),
    SET_NOT_NULL("set-not-null", Severity.ERROR,
            "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE, blocking reads and writes, unless a validated"
                    + " CHECK (column IS NOT NULL) already proves it.",
            "ADD CONSTRAINT c CHECK (column IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (later migration); then SET NOT"
                    + " NULL skips the scan (PostgreSQL 12+); DROP CONSTRAINT c afterwards."),
    COLUMN_TYPE_CHANGE("column-type-change", Severity.ERROR,
            "Changing a column's type rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE, unless the"
                    + " types are binary-compatible (varchar(n) to a wider varchar or text).",
            "Add a new column, backfill it in batches, switch the application to it, then drop the old column in a"
                    + " later release."),
    VOLATILE_DEFAULT("volatile-default", Severity.ERROR,
            "A column added with a volatile DEFAULT (random(), clock_timestamp(), gen_random_uuid(), nextval()) is"
                    + " written into every row: the table is rewritten under ACCESS EXCLUSIVE.",
            "Add the column without a default (or with a constant one, which is catalog-only), set the default in a"
                    + " separate statement, and backfill existing rows in batches."),
    UNIQUE_WITHOUT_INDEX("unique-without-index", Severity.ERROR,
            "Adding a UNIQUE or PRIMARY KEY constraint builds its index under ACCESS EXCLUSIVE, blocking reads and"
                    + " writes for the whole build.",
            "CREATE UNIQUE INDEX CONCURRENTLY in its own migration, then ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING"
                    + " INDEX (or PRIMARY KEY USING INDEX), which is instant."),
    RENAME_TABLE("rename-table", Severity.ERROR,
            "The pods of the previous release keep querying the old name during a rolling update and fail.",
            "Expand and contract: create the new table (or a view under the new name), move the application over in"
                    + " one release, drop the old name in a later one."),
    RENAME_COLUMN("rename-column", Severity.ERROR,
            "The pods of the previous release keep using the old column name during a rolling update and fail.",
            "Add the new column, write both and backfill, read the new one in the next release, drop the old column"
                    + " in the release after."),
    DROP_TABLE("drop-table", Severity.ERROR,
            "The pods of the previous release still use the table during a rolling update and fail.",
            "Stop using the table in one release; drop it in a later release."),
    DROP_COLUMN("drop-column", Severity.ERROR,
            "The pods of the previous release still read or write the column during a rolling update and fail"
                    + " (SELECT * and ORMs that list every column included).",
            "Stop using the column in one release (ignore it in the ORM); drop it in a later release."),
    POST_DEPLOY_NEEDED_BY_PRE("post-deploy-needed-by-pre", Severity.ERROR,
            "migrate --phase pre stops before the trailing post-deployment migrations and applies the pending"
                    + " repeatable migrations at its end, so a migration of the pre phase that needs what one of those"
                    + " post-deployment migrations adds fails in production, before the rollout, though it passes in"
                    + " version order.",
            "Move what the pre phase needs (the table, column, index, function or type) into a migration without the"
                    + " post-deploy marker; keep post-deployment migrations for the contract step (drops), which nothing"
                    + " of the new release needs."),
    ADD_COLUMN_NOT_NULL_WITHOUT_DEFAULT("add-column-not-null-without-default", Severity.ERROR,
            "ADD COLUMN ... NOT NULL (or PRIMARY KEY) without a DEFAULT fails on a table that holds a row: the new"
                    + " column is NULL in every existing row. It passes on an empty database and fails in production.",
            "Add the column with a constant DEFAULT (catalog-only since PostgreSQL 11), or add it nullable, backfill it"
                    + " in batches and then make it NOT NULL through a validated CHECK."),
    UNBATCHED_BACKFILL("unbatched-backfill", Severity.WARNING,
            "An UPDATE or DELETE of every row of an existing table inside the migration's transaction locks all those"
                    + " rows until the commit (writers of any of them wait), bloats the table, and runs as long as the"
                    + " table is large; after an ALTER TABLE in the same transaction, reads wait for it too.",
            "Backfill outside the migration, or in batches bounded by a key range (WHERE id BETWEEN ... AND ...), each"
                    + " in its own transaction; keep schema changes and backfills in separate migrations."),
    CONCURRENTLY_IF_NOT_EXISTS("concurrently-if-not-exists", Severity.WARNING,
            "A CREATE INDEX CONCURRENTLY that fails (a lock timeout, a duplicate for a UNIQUE index, a cancelled"
                    + " deployment) leaves an INVALID index behind; on the rerun, IF NOT EXISTS finds that name and"
                    + " skips the build silently, so the index is never used and writes still maintain it.",
            "DROP INDEX CONCURRENTLY IF EXISTS the index first in the same migration, or check pg_index.indisvalid"
                    + " before relying on the index."),
    REPEATED_REWRITE("repeated-rewrite", Severity.INFO,
            "The migration rewrites the same table more than once, each time under ACCESS EXCLUSIVE: the table is copied"
                    + " again for every statement.",
            "Combine the changes into one ALTER TABLE with several actions (ALTER COLUMN a TYPE ..., ALTER COLUMN b TYPE"
                    + " ...): PostgreSQL rewrites the table once."),
    TABLE_REWRITE("table-rewrite", Severity.ERROR,
            "PostgreSQL wrote a new copy of an existing table or index (its relfilenode changed) while holding ACCESS"
                    + " EXCLUSIVE: reads and writes wait for the whole rewrite.",
            "Find the statement's online alternative (new column and backfill, CONCURRENTLY, NOT VALID) or run it in a"
                    + " maintenance window."),
    LOCK_TIMEOUT_MISSING("lock-timeout-missing", Severity.WARNING,
            "A blocking lock on an existing table was requested with lock_timeout 0: queued behind one long"
                    + " transaction, the migration makes every query on the table wait behind it.",
            "Keep schemahook's --lock-timeout (default 5s) and do not SET lock_timeout = 0 in the migration."),
    BLOCKING_LOCK("blocking-lock", Severity.INFO,
            "The migration holds a lock that blocks reads or writes of an existing table until it commits; it is"
                    + " brief, and lock_timeout bounds the wait for it.",
            "Nothing to do; keep the migration short so the lock is held briefly.");

    private final String id;
    private final Severity severity;
    private final String why;
    private final String safeAlternative;

    Rule(String id, Severity severity, String why, String safeAlternative) {
        this.id = id;
        this.severity = severity;
        this.why = why;
        this.safeAlternative = safeAlternative;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String why() {
        return why;
    }

    public String safeAlternative() {
        return safeAlternative;
    }
}

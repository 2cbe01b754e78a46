package dev.schemahook.safety;

/** What the static rules ask the database about, just before the statement runs. */
public interface Catalog {
    /** Whether the table or index of that name (as to_regclass reads it) existed before this migration started. */
    boolean existedBefore(String relation);

    /** Whether a function of that name is VOLATILE (random, clock_timestamp, gen_random_uuid, nextval, ...). */
    boolean isVolatileFunction(String name);

    /** Whether the table has a validated CHECK constraint that is exactly {@code column IS NOT NULL}. */
    boolean hasValidatedNotNullCheck(String table, String column);

    /** Whether the table has that column now; true when it cannot tell (the rule then reports as before). */
    boolean hasColumn(String table, String column);

    /** Whether the migration's own session already holds ACCESS EXCLUSIVE on the table. */
    boolean holdsAccessExclusive(String table);
}

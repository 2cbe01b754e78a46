package dev.schemahook.safety;

/**
 * A lock a migration held on a table or index when its statement finished, read from {@code pg_locks}.
 *
 * @param relation the schema-qualified table or index
 * @param mode the lock mode as PostgreSQL's documentation names it, e.g. {@code ACCESS EXCLUSIVE}
 * @param existing whether the relation existed before this migration (others could be using it)
 * @param blocking whether it blocks reads or writes of an existing table (ACCESS EXCLUSIVE, EXCLUSIVE, SHARE ROW
 *                 EXCLUSIVE, SHARE on a table)
 * @param line the line of the statement that took it
 */
public record ObservedLock(String relation, String mode, boolean existing, boolean blocking, int line) {
}

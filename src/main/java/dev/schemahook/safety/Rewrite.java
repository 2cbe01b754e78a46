package dev.schemahook.safety;

/**
 * A table or index that existed before the migration and got a new file (its {@code relfilenode} changed): PostgreSQL
 * wrote all of it again.
 *
 * @param relation the schema-qualified table or index
 * @param line the line of the statement that rewrote it
 */
public record Rewrite(String relation, int line) {
}

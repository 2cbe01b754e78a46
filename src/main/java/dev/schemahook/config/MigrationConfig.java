package dev.schemahook.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How Flyway finds and applies the migrations of this image.
 *
 * @param locations where the migrations are ({@code filesystem:/migrations} in the image)
 * @param schemas the schemas to manage; the first holds the history table. Empty: the user's default schema
 * @param table the schema history table, {@code flyway_schema_history} so the Flyway CLI and schemahook interoperate
 * @param target migrate up to this version only; empty: the latest
 * @param outOfOrder apply a pending migration older than the newest applied one
 * @param baselineOnMigrate baseline a non-empty schema without history before migrating
 * @param baselineVersion the version a baseline records
 * @param placeholders replacements for {@code ${name}} in the SQL
 * @param onFuture what to do when the database holds migrations newer than this image
 * @param lockTimeout PostgreSQL lock_timeout for each migration; zero: none
 * @param statementTimeout PostgreSQL statement_timeout for each migration; zero: none
 * @param lockRetries how often a migration that timed out on a lock is tried again
 * @param migrationLockTimeout how long to wait for another runner working on the same database
 */
public record MigrationConfig(
        List<String> locations,
        List<String> schemas,
        String table,
        Optional<String> target,
        boolean outOfOrder,
        boolean baselineOnMigrate,
        String baselineVersion,
        Map<String, String> placeholders,
        FuturePolicy onFuture,
        Duration lockTimeout,
        Duration statementTimeout,
        int lockRetries,
        Duration migrationLockTimeout) {

    /** This configuration with {@code target} in place of the user's: how {@code migrate --phase pre} stops early. */
    public MigrationConfig withTarget(String version) {
        return new MigrationConfig(locations, schemas, table, Optional.of(version), outOfOrder, baselineOnMigrate,
                baselineVersion, placeholders, onFuture, lockTimeout, statementTimeout, lockRetries, migrationLockTimeout);
    }
}

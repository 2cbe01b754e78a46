package dev.schemahook.cli;

import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** How the migrations are found and applied; each flag has a SCHEMAHOOK_* variable for the chart to set. */
final class MigrationOptions {
    private static final String PLACEHOLDER_PREFIX = "SCHEMAHOOK_PLACEHOLDER_";

    @Option(names = "--locations", paramLabel = "LOCATION", split = ",",
            defaultValue = "${env:SCHEMAHOOK_LOCATIONS:-filesystem:/migrations}",
            description = "Folders holding the migrations, comma-separated (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_LOCATIONS.")
    List<String> locations;

    @Option(names = "--schemas", paramLabel = "SCHEMA", split = ",", defaultValue = "${env:SCHEMAHOOK_SCHEMAS}",
            description = "Schemas to manage, comma-separated; the first holds the history table (default: the user's"
                    + " default schema). Env: SCHEMAHOOK_SCHEMAS.")
    List<String> schemas;

    @Option(names = "--table", paramLabel = "TABLE", defaultValue = "${env:SCHEMAHOOK_TABLE:-flyway_schema_history}",
            description = "Schema history table (default: ${DEFAULT-VALUE}, shared with the Flyway CLI). Env: SCHEMAHOOK_TABLE.")
    String table;

    @Option(names = "--target", paramLabel = "VERSION", defaultValue = "${env:SCHEMAHOOK_TARGET}",
            description = "Migrate up to this version only (default: the latest). Env: SCHEMAHOOK_TARGET.")
    String target;

    @Option(names = "--out-of-order", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:SCHEMAHOOK_OUT_OF_ORDER:-false}",
            description = "Apply a pending migration older than the newest applied one. Env: SCHEMAHOOK_OUT_OF_ORDER.")
    boolean outOfOrder;

    @Option(names = "--baseline-on-migrate", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:SCHEMAHOOK_BASELINE_ON_MIGRATE:-false}",
            description = "Baseline a non-empty schema that has no history table before migrating."
                    + " Env: SCHEMAHOOK_BASELINE_ON_MIGRATE.")
    boolean baselineOnMigrate;

    @Option(names = "--baseline-version", paramLabel = "VERSION", defaultValue = "${env:SCHEMAHOOK_BASELINE_VERSION:-1}",
            description = "Version recorded by --baseline-on-migrate (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_BASELINE_VERSION.")
    String baselineVersion;

    @Option(names = "--placeholder", paramLabel = "NAME=VALUE",
            description = "Replace $${NAME} in the SQL; repeatable. Env: SCHEMAHOOK_PLACEHOLDER_<NAME>=VALUE.")
    Map<String, String> placeholders = new LinkedHashMap<>();

    @Option(names = "--on-future", paramLabel = "warn|fail", defaultValue = "${env:SCHEMAHOOK_ON_FUTURE:-warn}",
            description = "When the database holds migrations newer than this image (after helm rollback): warn and"
                    + " succeed, or fail with exit 4 (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_ON_FUTURE.")
    FuturePolicy onFuture;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:SCHEMAHOOK_LOCK_TIMEOUT:-5s}",
            description = "PostgreSQL lock_timeout for each migration; 0 for none (default: ${DEFAULT-VALUE})."
                    + " Env: SCHEMAHOOK_LOCK_TIMEOUT.")
    Duration lockTimeout;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:SCHEMAHOOK_STATEMENT_TIMEOUT:-0}",
            description = "PostgreSQL statement_timeout for each migration; 0 for none (default: ${DEFAULT-VALUE})."
                    + " Env: SCHEMAHOOK_STATEMENT_TIMEOUT.")
    Duration statementTimeout;

    @Option(names = "--lock-retries", paramLabel = "N", defaultValue = "${env:SCHEMAHOOK_LOCK_RETRIES:-5}",
            description = "How often a migration that hit lock_timeout is retried, with a growing backoff and a"
                    + " timeout growing to twice --lock-timeout, within --wait-timeout (default: ${DEFAULT-VALUE})."
                    + " Env: SCHEMAHOOK_LOCK_RETRIES.")
    int lockRetries;

    @Option(names = "--migration-lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:SCHEMAHOOK_MIGRATION_LOCK_TIMEOUT:-10m}",
            description = "How long to wait while another schemahook run migrates the same database (default:"
                    + " ${DEFAULT-VALUE}). Env: SCHEMAHOOK_MIGRATION_LOCK_TIMEOUT.")
    Duration migrationLockTimeout;

    MigrationConfig toConfig(Map<String, String> environment) {
        Map<String, String> allPlaceholders = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PLACEHOLDER_PREFIX) && name.length() > PLACEHOLDER_PREFIX.length()) {
                allPlaceholders.put(name.substring(PLACEHOLDER_PREFIX.length()), value);
            }
        });
        allPlaceholders.putAll(placeholders);
        // Flyway quotes these names with double quotes: one inside would end the identifier and break its SQL.
        if (table.isBlank() || table.indexOf('"') >= 0 || table.indexOf('\0') >= 0) {
            throw new picocli.CommandLine.TypeConversionException("--table '" + table + "' is not a usable table name:"
                    + " it must be non-empty and hold no double quote; fix --table or SCHEMAHOOK_TABLE");
        }
        if (schemas != null) {
            schemas.stream().filter(schema -> schema.indexOf('"') >= 0 || schema.indexOf('\0') >= 0).findFirst()
                    .ifPresent(schema -> {
                        throw new picocli.CommandLine.TypeConversionException("--schemas '" + schema + "' is not a"
                                + " usable schema name: it must hold no double quote; fix --schemas or SCHEMAHOOK_SCHEMAS");
                    });
        }
        if (lockRetries < 0) {
            throw new picocli.CommandLine.TypeConversionException("--lock-retries must be 0 or more");
        }
        return new MigrationConfig(
                locations.stream().map(String::trim).filter(s -> !s.isEmpty()).toList(),
                schemas == null ? List.of() : schemas.stream().map(String::trim).filter(s -> !s.isEmpty()).toList(),
                table,
                Optional.ofNullable(target).filter(s -> !s.isBlank()),
                outOfOrder,
                baselineOnMigrate,
                baselineVersion,
                allPlaceholders,
                onFuture,
                lockTimeout,
                statementTimeout,
                lockRetries,
                migrationLockTimeout);
    }
}

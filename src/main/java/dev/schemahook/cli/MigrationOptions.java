package dev.schemahook.cli;

import dev.schemahook.config.Durations;
import dev.schemahook.config.FuturePolicy;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the migrations are found and applied, one group per concern so that each command declares only those it uses;
 * each flag has a SCHEMAHOOK_* variable for the chart to set.
 */
final class MigrationOptions {
    private MigrationOptions() {
    }

    /** Which migrations, and where their history is: every command. */
    static final class Sources implements OptionGroup {
        @Option(names = "--locations", paramLabel = "LOCATION", split = ",",
                defaultValue = "${env:SCHEMAHOOK_LOCATIONS:-filesystem:/migrations}",
                description = "Folders holding the migrations, comma-separated (default: ${DEFAULT-VALUE})."
                        + " Env: SCHEMAHOOK_LOCATIONS.")
        List<String> locations;

        @Option(names = "--schemas", paramLabel = "SCHEMA", split = ",", defaultValue = "${env:SCHEMAHOOK_SCHEMAS}",
                description = "Schemas to manage, comma-separated; the first holds the history table (default: the"
                        + " user's default schema). Env: SCHEMAHOOK_SCHEMAS.")
        List<String> schemas;

        @Option(names = "--table", paramLabel = "TABLE", defaultValue = "${env:SCHEMAHOOK_TABLE:-flyway_schema_history}",
                description = "Schema history table (default: ${DEFAULT-VALUE}, shared with the Flyway CLI)."
                        + " Env: SCHEMAHOOK_TABLE.")
        String table;

        @Override
        public void applyTo(RunConfiguration configuration) {
            // Flyway quotes these names with double quotes: one inside would end the identifier and break its SQL.
            if (table.isBlank() || table.indexOf('"') >= 0 || table.indexOf('\0') >= 0) {
                throw new TypeConversionException("--table '" + table + "' is not a usable table name:"
                        + " it must be non-empty and hold no double quote; fix --table or SCHEMAHOOK_TABLE");
            }
            if (schemas != null) {
                schemas.stream().filter(schema -> schema.indexOf('"') >= 0 || schema.indexOf('\0') >= 0).findFirst()
                        .ifPresent(schema -> {
                            throw new TypeConversionException("--schemas '" + schema + "' is not a usable schema name:"
                                    + " it must hold no double quote; fix --schemas or SCHEMAHOOK_SCHEMAS");
                        });
            }
            configuration.locations = locations.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (configuration.locations.isEmpty()) {
                // Empty, Flyway would find no migration and report the database up to date.
                throw new TypeConversionException("--locations is empty: name the folder of the migrations"
                        + " (filesystem:/migrations in the image); fix --locations or SCHEMAHOOK_LOCATIONS");
            }
            configuration.schemas = schemas == null ? List.of()
                    : schemas.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            configuration.table = table;
        }
    }

    /** Values for ${NAME} in the SQL: every command that reads or checksums the SQL (all but baseline). */
    static final class Placeholders implements OptionGroup {
        private static final String PREFIX = "SCHEMAHOOK_PLACEHOLDER_";

        @Option(names = "--placeholder", paramLabel = "NAME=VALUE",
                description = "Replace $${NAME} in the SQL; repeatable. Env: SCHEMAHOOK_PLACEHOLDER_<NAME>=VALUE.")
        Map<String, String> placeholders = new LinkedHashMap<>();

        @Override
        public void applyTo(RunConfiguration configuration) {
            configuration.environment.forEach((name, value) -> {
                if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                    configuration.placeholders.put(name.substring(PREFIX.length()), value);
                }
            });
            configuration.placeholders.putAll(placeholders);
        }
    }

    /** The last version to apply: it also decides which migrations count as pending. */
    static final class Target implements OptionGroup {
        @Option(names = "--target", paramLabel = "VERSION", defaultValue = "${env:SCHEMAHOOK_TARGET}",
                description = "Up to this version only: later migrations are neither applied nor awaited (default: the"
                        + " latest). Env: SCHEMAHOOK_TARGET.")
        String target;

        @Override
        public void applyTo(RunConfiguration configuration) {
            configuration.target = java.util.Optional.ofNullable(target).filter(s -> !s.isBlank());
        }
    }

    /** Whether an older pending migration is applied (migrate) or counted as ignored (info, validate). */
    static final class OutOfOrder implements OptionGroup {
        @Option(names = "--out-of-order", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                defaultValue = "${env:SCHEMAHOOK_OUT_OF_ORDER:-false}",
                description = "Apply a pending migration older than the newest applied one. Env: SCHEMAHOOK_OUT_OF_ORDER.")
        boolean outOfOrder;

        @Override
        public void applyTo(RunConfiguration configuration) {
            configuration.outOfOrder = outOfOrder;
        }
    }

    /** Migrations in the database newer than this image: the commands that read the history and report on it. */
    static final class Future implements OptionGroup {
        @Option(names = "--on-future", paramLabel = "warn|fail", defaultValue = "${env:SCHEMAHOOK_ON_FUTURE:-warn}",
                description = "When the database holds migrations newer than this image (after helm rollback): warn"
                        + " and succeed, or fail with exit 4 (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_ON_FUTURE.")
        FuturePolicy onFuture;

        @Override
        public void applyTo(RunConfiguration configuration) {
            configuration.onFuture = onFuture;
        }
    }

    /** migrate's baseline of a non-empty schema without history; the baseline command takes its version itself. */
    static final class BaselineOnMigrate implements OptionGroup {
        @Option(names = "--baseline-on-migrate", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                defaultValue = "${env:SCHEMAHOOK_BASELINE_ON_MIGRATE:-false}",
                description = "Baseline a non-empty schema that has no history table before migrating."
                        + " Env: SCHEMAHOOK_BASELINE_ON_MIGRATE.")
        boolean baselineOnMigrate;

        @Option(names = "--baseline-version", paramLabel = "VERSION",
                defaultValue = "${env:SCHEMAHOOK_BASELINE_VERSION:-1}",
                description = "Version recorded by --baseline-on-migrate (default: ${DEFAULT-VALUE})."
                        + " Env: SCHEMAHOOK_BASELINE_VERSION.")
        String baselineVersion;

        @Override
        public void applyTo(RunConfiguration configuration) {
            configuration.baselineOnMigrate = baselineOnMigrate;
            configuration.baselineVersion = baselineVersion;
        }
    }

    /** The session timeouts each migration runs with: the commands that apply migrations. */
    static final class StatementTimeouts implements OptionGroup {
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

        /** PostgreSQL's largest timeout, in milliseconds: INT_MAX, about 24.8 days. */
        private static final Duration POSTGRES_MAX = Duration.ofMillis(Integer.MAX_VALUE);

        @Override
        public void applyTo(RunConfiguration configuration) {
            // lock_timeout grows to twice its value when migrate retries (LockTimeoutRetry): that must fit too.
            requireAtMost("--lock-timeout", "SCHEMAHOOK_LOCK_TIMEOUT", lockTimeout, POSTGRES_MAX.dividedBy(2));
            requireAtMost("--statement-timeout", "SCHEMAHOOK_STATEMENT_TIMEOUT", statementTimeout, POSTGRES_MAX);
            configuration.lockTimeout = lockTimeout;
            configuration.statementTimeout = statementTimeout;
        }

        private static void requireAtMost(String option, String variable, Duration value, Duration max) {
            if (value.compareTo(max) > 0) {
                throw new TypeConversionException(option + " " + Durations.format(value) + " is more than PostgreSQL"
                        + " takes (at most " + max.toMillis() + "ms, about " + max.toDays() + " days); use 0 for no"
                        + " timeout, or fix " + option + " or " + variable);
            }
        }
    }

    /** migrate's retries of a migration that hit lock_timeout on the database the user keeps. */
    static final class LockRetries implements OptionGroup {
        @Option(names = "--lock-retries", paramLabel = "N", defaultValue = "${env:SCHEMAHOOK_LOCK_RETRIES:-5}",
                description = "How often a migration that hit lock_timeout is retried, with a growing backoff and a"
                        + " timeout growing to twice --lock-timeout, within --wait-timeout (default: ${DEFAULT-VALUE})."
                        + " Env: SCHEMAHOOK_LOCK_RETRIES.")
        int lockRetries;

        @Override
        public void applyTo(RunConfiguration configuration) {
            if (lockRetries < 0) {
                throw new TypeConversionException("--lock-retries must be 0 or more");
            }
            configuration.lockRetries = lockRetries;
        }
    }

    /** The lock that keeps two runners from changing the same history: the commands that write it. */
    static final class MigrationLockTimeout implements OptionGroup {
        @Option(names = "--migration-lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
                defaultValue = "${env:SCHEMAHOOK_MIGRATION_LOCK_TIMEOUT:-10m}",
                description = "How long to wait while another schemahook run migrates the same database (default:"
                        + " ${DEFAULT-VALUE}). Env: SCHEMAHOOK_MIGRATION_LOCK_TIMEOUT.")
        Duration migrationLockTimeout;

        @Override
        public void applyTo(RunConfiguration configuration) {
            configuration.migrationLockTimeout = migrationLockTimeout;
        }
    }
}

package dev.schemahook.migration;

import dev.schemahook.database.ConnectionSettings;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.database.SqlStates;
import dev.schemahook.report.ExitCode;
import dev.schemahook.report.SchemahookException;
import dev.schemahook.report.Secrets;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Translates Flyway's exceptions into the runner's exit codes and one-line messages that name the fix. */
final class FlywayErrors {
    private static final Pattern UNRESOLVED_PLACEHOLDER = Pattern.compile(
            "(?s)(?:Unable to parse statement in (\\S+) at line.*?)?No value provided for placeholder: \\$\\{([^}]+)}");
    private static final Set<ErrorCode> IMAGE_ERRORS = Set.of(CoreErrorCode.DUPLICATE_VERSIONED_MIGRATION,
            CoreErrorCode.DUPLICATE_REPEATABLE_MIGRATION, CoreErrorCode.CONFIGURATION);

    private FlywayErrors() {
    }

    static SchemahookException translate(RuntimeException error, ConnectionSettings settings) {
        if (error instanceof SchemahookException known) {
            return known;
        }
        SQLException sql = SqlStates.find(error);
        if (sql != null && SqlStates.isAuthenticationFailure(sql)) {
            return DatabaseWaiter.authenticationFailure(settings, sql);
        }
        if (sql != null && SqlStates.isPermissionFailure(sql)) {
            return new SchemahookException(ExitCode.AUTHENTICATION_FAILED, "user '" + settings.user().orElse("")
                    + "' lacks a privilege on " + settings + ": " + DatabaseWaiter.describe(sql)
                    + where(error) + "; grant it, or run the migrations as the schema owner", error);
        }
        if (error instanceof FlywayValidateException) {
            return new SchemahookException(ExitCode.VALIDATION_FAILED, validationMessage(error.getMessage()), error);
        }
        if (error instanceof FlywayException flyway
                && flyway.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return new SchemahookException(ExitCode.VALIDATION_FAILED, "the schema already holds tables but no schema"
                    + " history: adopt the existing database with 'schemahook baseline --version V' (V = the migration"
                    + " it matches), or set --baseline-on-migrate (SCHEMAHOOK_BASELINE_ON_MIGRATE=true)", error);
        }
        SchemahookException placeholder = unresolvedPlaceholder(error);
        if (placeholder != null) {
            return placeholder;
        }
        if (error instanceof FlywayMigrateException migrate) {
            return migrationFailure(migrate, sql);
        }
        String message = oneLine(error.getMessage());
        if (message.contains("advisory lock")) {
            return new SchemahookException(ExitCode.LOCK_NOT_ACQUIRED, message
                    + "; another process holds Flyway's lock on " + settings, error);
        }
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            return new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "lost the connection to " + settings + ": "
                    + DatabaseWaiter.describe(sql), error);
        }
        if (error instanceof FlywayException flyway && IMAGE_ERRORS.contains(flyway.getErrorCode())
                || message.startsWith("Invalid SQL filenames") || message.contains("naming")) {
            return new SchemahookException(ExitCode.USAGE, message + "; fix the migration files in the image", error);
        }
        return new SchemahookException(ExitCode.MIGRATION_FAILED, message, error);
    }

    private static SchemahookException migrationFailure(FlywayMigrateException migrate, SQLException sql) {
        String script = migrate.getMigration() == null ? "a migration" : migrate.getMigration().getScript();
        FlywaySqlScriptException scriptError = find(migrate);
        int line = scriptError != null ? scriptError.getLineNumber() : migrate.getLineNumber();
        String reason = sql != null ? DatabaseWaiter.describe(sql) : oneLine(migrate.getMessage());
        String outcome = migrate.isExecutableInTransaction()
                ? "its transaction was rolled back; fix the file and release again"
                : "it ran outside a transaction, so part of it may be applied: undo that by hand, run 'schemahook repair',"
                + " fix the file and release again";
        if (sql != null && SqlStates.LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
            return new SchemahookException(ExitCode.LOCK_NOT_ACQUIRED, "migration " + script + " line " + line
                    + " could not take a lock within lock_timeout: " + reason + "; a long transaction blocks it", migrate);
        }
        return new SchemahookException(ExitCode.MIGRATION_FAILED, "migration " + script
                + (line > 0 ? " failed at line " + line : " failed") + ": " + reason + "; " + outcome, migrate);
    }

    /**
     * Flyway's parser refuses a {@code ${name}} it has no value for before running any statement of the file; it says
     * so in a message with a link and no fix. The configuration is what is wrong, so exit 2 and name both ways to set it.
     */
    private static SchemahookException unresolvedPlaceholder(RuntimeException error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            Matcher matcher = t.getMessage() == null ? null : UNRESOLVED_PLACEHOLDER.matcher(t.getMessage());
            if (matcher != null && matcher.find()) {
                String name = matcher.group(2);
                String file = matcher.group(1) == null ? "a migration" : Path.of(matcher.group(1)).getFileName().toString();
                return new SchemahookException(ExitCode.USAGE, "migration " + file + " uses the placeholder ${" + name
                        + "}, which has no value: none of its statements ran; set it with --placeholder " + name
                        + "=VALUE or SCHEMAHOOK_PLACEHOLDER_" + name + "=VALUE", error);
            }
        }
        return null;
    }

    static boolean isLockTimeout(RuntimeException error) {
        SQLException sql = SqlStates.find(error);
        return sql != null && SqlStates.LOCK_NOT_AVAILABLE.equals(sql.getSQLState());
    }

    private static FlywaySqlScriptException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FlywaySqlScriptException script) {
                return script;
            }
        }
        return null;
    }

    private static String where(RuntimeException error) {
        if (error instanceof FlywayMigrateException migrate && migrate.getMigration() != null) {
            return " (in " + migrate.getMigration().getScript() + ")";
        }
        return "";
    }

    /** Flyway's validation report, cut to the lines that say what is wrong, joined into one. */
    static String validationMessage(String message) {
        String details = message.lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("Need more flexibility") && !l.contains("https://")
                        && !l.startsWith("Either revert") && !l.startsWith("To fix this error")
                        && !l.startsWith("Validate failed: Migrations have failed validation"))
                .collect(Collectors.joining("; "));
        return Secrets.redact("validation failed: " + (details.isEmpty() ? oneLine(message) : details)
                + "; an applied migration was changed or removed: restore it in the image, or run 'schemahook repair'"
                + " if the change is intended");
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return Secrets.redact(message.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("---"))
                .collect(Collectors.joining("; ")));
    }
}

package dev.schemahook.migration;

import dev.schemahook.database.ConnectionSettings;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.database.SqlStates;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.Interruption;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.error.Secrets;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Translates Flyway's exceptions into the runner's exit codes and one-line messages that name the fix. */
final class FlywayErrors {
    private static final Pattern UNRESOLVED_PLACEHOLDER = Pattern.compile(
            "(?s)(?:Unable to parse statement in (\\S+) at line.*?)?No value provided for placeholder: \\$\\{([^}]+)}");
    /** Flyway's words for a callback script (afterMigrate.sql, ...) that failed. */
    private static final Pattern CALLBACK_FAILED = Pattern.compile("Error while executing (\\w+) callback");
    /** Migrations named on a validation error line; the rest are counted. */
    private static final int MAX_DETAILS = 5;
    /** Flyway's lines for its own CLI and site, which schemahook's users have neither of: its -X flag, its links. */
    private static final Pattern FLYWAY_CLI_ADVICE = Pattern.compile(
            "(?i)(need to reset your baseline\\? )?learn more: https://rd\\.gt/\\S+|run flyway with -x option.*");
    private static final Set<ErrorCode> IMAGE_ERRORS = Set.of(CoreErrorCode.DUPLICATE_VERSIONED_MIGRATION,
            CoreErrorCode.DUPLICATE_REPEATABLE_MIGRATION, CoreErrorCode.CONFIGURATION);

    private FlywayErrors() {
    }

    static SchemahookException translate(RuntimeException error, ConnectionSettings settings, CurrentMigration current) {
        if (error instanceof SchemahookException known) {
            return known;
        }
        SQLException sql = SqlStates.find(error);
        if (sql != null && SqlStates.isConnectionLost(sql)) {
            return connectionLost(settings, current, sql, error);
        }
        if (sql != null && SqlStates.OUT_OF_MEMORY.equals(sql.getSQLState()) && sql.getMessage() != null
                && sql.getMessage().startsWith("Ran out of memory")) {
            return outOfMemory(current, error); // the driver's own OutOfMemoryError, caught while it read a result
        }
        if (sql != null && SqlStates.READ_ONLY_TRANSACTION.equals(sql.getSQLState())) {
            // Exit 7, not 1: the file is fine and a retry on the same server fails the same way; like a missing
            // privilege, it is the database or the user that must change.
            return new SchemahookException(ExitCode.AUTHENTICATION_FAILED, "database " + settings + " is read-only: "
                    + DatabaseWaiter.describe(sql) + where(error) + "; point --url (SCHEMAHOOK_DB_URL) at the primary,"
                    + " or turn default_transaction_read_only off (ALTER DATABASE or ALTER ROLE '" + settings.user().orElse("")
                    + "' ... SET default_transaction_read_only = off, wherever it was turned on)", error);
        }
        if (sql != null && SqlStates.isAuthenticationFailure(sql)) {
            return DatabaseWaiter.authenticationFailure(settings, sql);
        }
        if (sql != null && SqlStates.isPermissionFailure(sql)) {
            return new SchemahookException(ExitCode.AUTHENTICATION_FAILED, "user '" + settings.user().orElse("")
                    + "' lacks a privilege on " + settings + ": " + DatabaseWaiter.describe(sql)
                    + where(error) + "; grant it, or run the migrations as the schema owner", error);
        }
        if (error instanceof FlywayValidateException) {
            return new SchemahookException(ExitCode.VALIDATION_FAILED, validationMessage(error.getMessage(), true), error);
        }
        if (error instanceof FlywayException flyway
                && flyway.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return new SchemahookException(ExitCode.VALIDATION_FAILED, "the schema already holds tables but no schema"
                    + " history: adopt the existing database with 'schemahook baseline --baseline-version V' (V = the migration"
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
        if (message.startsWith("No migration with a target version")) {
            return new SchemahookException(ExitCode.USAGE, message.replaceFirst("; Ensure target .*$", "")
                    + ": --target names no migration of this image; fix --target (SCHEMAHOOK_TARGET) or leave it unset"
                    + " to migrate to the newest", error);
        }
        Matcher callback = CALLBACK_FAILED.matcher(message);
        if (callback.lookingAt()) {
            String event = callback.group(1);
            FlywaySqlScriptException script = find(error);
            String at = script == null || script.getLineNumber() <= 0 ? "" : " at line " + script.getLineNumber();
            String applied = event.startsWith("before") ? "" : "; the migrations this run applied before it stay applied"
                    + " and recorded ('schemahook info' lists them)";
            return new SchemahookException(ExitCode.MIGRATION_FAILED, "the " + event + " callback failed" + at + ": "
                    + (sql != null ? DatabaseWaiter.describe(sql) : message) + applied
                    + "; fix the callback and release again", error);
        }
        if (message.startsWith("Version may only contain")) {
            return new SchemahookException(ExitCode.USAGE, message + ": a version is digits and dots (3, 1.2); fix --target"
                    + " (SCHEMAHOOK_TARGET) or --baseline-version", error);
        }
        if (message.contains("'flyway.encoding'")) {
            return new SchemahookException(ExitCode.USAGE, message.replaceFirst(";? ?Please ensure you have configured.*$",
                    "") + ": the file is not UTF-8 text; save it as UTF-8 and rebuild the image", error);
        }
        if (message.startsWith("Unable to baseline schema history table")) {
            return new SchemahookException(ExitCode.VALIDATION_FAILED, message + ": baseline adopts a database that has no"
                    + " history, and this one has; see its state with 'schemahook info', and update it with 'schemahook"
                    + " migrate'", error);
        }
        if (message.contains("advisory lock")) {
            return new SchemahookException(ExitCode.LOCK_NOT_ACQUIRED, message
                    + "; another process holds Flyway's lock on " + settings, error);
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
        int commitLine = migrate.getMigration() == null ? 0 : commitLine(migrate.getMigration().getPhysicalLocation());
        String outcome = !migrate.isExecutableInTransaction()
                ? "it ran outside a transaction, so part of it may be applied: undo that by hand, run 'schemahook repair',"
                + " fix the file and release again"
                : commitLine > 0 && (line <= 0 || commitLine < line)
                ? "its transaction was rolled back, but the COMMIT at line " + commitLine + " had already committed what"
                + " ran before it, without a history row: undo that by hand, fix the file (no COMMIT) and release again"
                : "its transaction was rolled back; fix the file and release again";
        if (sql != null && SqlStates.LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
            return new SchemahookException(ExitCode.LOCK_NOT_ACQUIRED, "migration " + script + " line " + line
                    + " could not take a lock within lock_timeout: " + reason + "; a long transaction blocks it", migrate);
        }
        return new SchemahookException(ExitCode.MIGRATION_FAILED, "migration " + script
                + (line > 0 ? " failed at line " + line : " failed") + ": " + reason + "; " + outcome, migrate);
    }

    /** A line that is a COMMIT of its own: Flyway runs it as written, ending the migration's transaction early. */
    private static final Pattern COMMIT = Pattern.compile("(?i)\\s*commit\\s*(work|transaction)?\\s*;?\\s*");

    /** The first line of {@code file} that commits, or 0 (none, or the file cannot be read again). */
    private static int commitLine(String file) {
        if (file == null || file.isEmpty()) {
            return 0;
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (COMMIT.matcher(lines.get(i)).matches()) {
                    return i + 1;
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Exit 10: the server ended the session (a terminated backend, a restart, a failover). The server rolls back the
     * open transaction when a session ends, so a transactional migration left nothing behind and a retry is safe.
     */
    static SchemahookException connectionLost(ConnectionSettings settings, CurrentMigration current, SQLException sql,
                                              RuntimeException error) {
        String cause = "the database " + settings + " ended the session (" + DatabaseWaiter.describe(sql) + ")";
        String outcome = current.script().map(script -> current.transactional()
                ? " while migration " + script + " ran: the server rolled its transaction back, so nothing of " + script
                + " was committed, and released the migration lock; retry once the server accepts connections again"
                : " while migration " + script + " ran outside a transaction: part of it may be applied (an index left"
                + " INVALID): check it, then retry").orElse(" while no migration was running: nothing is half-applied"
                + " and the migration lock died with the session; retry once the server accepts connections again");
        return new SchemahookException(ExitCode.CONNECTION_LOST, cause + outcome, error);
    }

    /** Exit 9: the run was stopped; the message says what the cancelled statement leaves behind. */
    static SchemahookException interrupted(CurrentMigration current, RuntimeException error) {
        return Interruption.stopped(current.script().map(script -> current.transactional()
                ? "during migration " + script + ": its statement was cancelled and its transaction rolled back, so"
                + " nothing of " + script + " was committed, and the migration lock was released"
                : "during migration " + script + ", which runs outside a transaction: part of it may be applied (an"
                + " index left INVALID); check it before the retry").orElse("while no migration was running: nothing"
                + " is half-applied and the migration lock was released"), error);
    }

    /**
     * Exit 11. Nothing of the file was committed: its transaction was rolled back (see {@code ExplicitCommits}). The
     * estimate comes from measurements of INSERT files (README, "Memory"): Flyway holds a file's statements in memory,
     * several times its size.
     */
    static SchemahookException outOfMemory(CurrentMigration current, Throwable error) {
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        String what = current.script().map(script -> "migration " + script + current.size()
                .map(bytes -> " (" + Math.max(1, bytes >> 20) + " MB)").orElse("")).orElse("the run");
        String need = current.size().map(bytes -> {
            long neededHeapMb = MemoryEstimate.heapMb(bytes);
            if (neededHeapMb <= heapMb) {
                return "; the file itself is small: the result of one of its statements (a SELECT that returns a lot)"
                        + " did not fit";
            }
            return "; Flyway keeps the text of every statement until the file is done, so it needs roughly "
                    + neededHeapMb + " MB of heap, a memory limit of about " + MemoryEstimate.limitMi(neededHeapMb)
                    + "Mi with the image's MaxRAMPercentage=70";
        }).orElse("");
        String outcome = current.transactional() ? "nothing of it was committed" : "it runs outside a transaction, so"
                + " part of it may be applied: check it";
        return new SchemahookException(ExitCode.OUT_OF_MEMORY, what + " did not fit in the " + heapMb + " MB heap: "
                + outcome + need + "; raise the chart's resources.limits.memory (or -Xmx), or split the file; a retry"
                + " with the same limit fails again", error);
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
    static String validationMessage(String message, boolean migrating) {
        List<String> details = message.lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("Need more flexibility") && !l.contains("https://")
                        && !l.startsWith("Either revert") && !l.startsWith("To fix this error")
                        && !l.startsWith("To ignore this migration") && !l.startsWith("To allow executing this migration")
                        && !l.startsWith("Validate failed: Migrations have failed validation"))
                .toList();
        // One line per migration: a release of hundreds would print them all on the one error line.
        String shown = String.join("; ", details.subList(0, Math.min(details.size(), MAX_DETAILS)))
                + (details.size() > MAX_DETAILS ? "; and " + (details.size() - MAX_DETAILS) + " more" : "");
        return Secrets.redact("validation failed: " + (details.isEmpty() ? oneLine(message) : shown)
                + validationAdvice(message, migrating));
    }

    /** What to do, for each kind of mismatch the report holds: a pending, a failed, a changed or a removed migration. */
    private static String validationAdvice(String message, boolean migrating) {
        List<String> advice = new ArrayList<>();
        if (migrating && message.contains("not applied to database")) {
            // migrate applies every pending migration newer than the history: what it refuses is older than that.
            advice.add("a migration older than the newest applied one is not applied: apply it out of order with"
                    + " --out-of-order (SCHEMAHOOK_OUT_OF_ORDER=true), or give it a version above the newest applied");
        } else if (message.contains("not applied to database") || message.contains("outdated resolved repeatable")) {
            advice.add("a migration of the image is not applied yet: run 'schemahook migrate'");
        }
        if (message.contains("Detected failed")) {
            advice.add("a migration failed earlier: undo what it left behind, then run 'schemahook repair' to remove"
                    + " the failed entry");
        }
        if (message.contains("mismatch")) {
            advice.add("an applied migration was changed in the image: restore it, or run 'schemahook repair' if the"
                    + " change is intended");
        }
        if (message.contains("not resolved locally")) {
            advice.add("an applied migration is missing from the image: restore it, or run 'schemahook repair' if it"
                    + " was removed on purpose");
        }
        if (advice.isEmpty()) {
            advice.add("the applied migrations do not match the image: compare 'schemahook info' with the image");
        }
        return "; " + String.join("; ", advice);
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return Secrets.redact(message.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("---"))
                .filter(l -> !FLYWAY_CLI_ADVICE.matcher(l).matches())
                .collect(Collectors.joining("; ")));
    }
}

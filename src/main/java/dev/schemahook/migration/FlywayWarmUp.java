package dev.schemahook.migration;

import io.quarkus.runtime.ImageMode;
import org.flywaydb.core.Flyway;

import java.util.List;

/**
 * Loads Flyway, its configuration plugins and their Jackson classes on a second core while Quarkus starts, when a run
 * is known to need Flyway: a run that migrates spent about a quarter of a second loading them after Quarkus had started.
 */
public final class FlywayWarmUp {
    /**
     * What a migrating run loads after the configuration, from a {@code -Xlog:class+load} timeline: the command,
     * validation, history, resolution, parsing and execution of SQL migrations, and the PostgreSQL support. Loading and
     * initialising these pulls in most of the rest. Internal names, so a Flyway upgrade can rename them:
     * {@code FlywayWarmUpTest} fails then, and the list is updated from a new timeline.
     */
    static final List<String> CLASSES = List.of(
            "org.flywaydb.core.internal.command.DbMigrate",
            "org.flywaydb.core.internal.command.DbValidate",
            "org.flywaydb.core.internal.command.DbSchemas",
            "org.flywaydb.core.internal.info.MigrationInfoServiceImpl",
            "org.flywaydb.core.internal.info.MigrationInfoImpl",
            "org.flywaydb.core.internal.schemahistory.SchemaHistoryFactory",
            "org.flywaydb.core.internal.schemahistory.JdbcTableSchemaHistory",
            "org.flywaydb.core.internal.resolver.CompositeMigrationResolver",
            "org.flywaydb.core.internal.resolver.sql.SqlMigrationResolver",
            "org.flywaydb.core.internal.resolver.sql.SqlMigrationExecutor",
            "org.flywaydb.core.internal.resolver.ResolvedMigrationImpl",
            "org.flywaydb.core.internal.scanner.Scanner",
            "org.flywaydb.core.internal.scanner.filesystem.FileSystemScanner",
            "org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor",
            "org.flywaydb.core.internal.sqlscript.ParserSqlScript",
            "org.flywaydb.core.internal.parser.Parser",
            "org.flywaydb.core.internal.parser.PlaceholderReplacingReader",
            "org.flywaydb.core.internal.jdbc.JdbcConnectionFactory",
            "org.flywaydb.core.internal.jdbc.JdbcTemplate",
            "org.flywaydb.core.internal.jdbc.TransactionalExecutionTemplate",
            "org.flywaydb.core.internal.callback.DefaultCallbackExecutor",
            "org.flywaydb.core.internal.callback.SqlScriptCallbackFactory",
            "org.flywaydb.database.postgresql.PostgreSQLDatabase",
            "org.flywaydb.database.postgresql.PostgreSQLConnection",
            "org.flywaydb.database.postgresql.PostgreSQLParser",
            "org.flywaydb.database.postgresql.PostgreSQLSchema",
            "org.flywaydb.database.postgresql.PostgreSQLTable",
            "org.flywaydb.database.postgresql.PostgreSQLAdvisoryLockTemplate");

    private static Thread thread;

    private FlywayWarmUp() {
    }

    /** Starts loading in the background; a failure there is ignored, and the run meets it again where it counts. */
    public static synchronized void start() {
        // The native image holds every class it will ever run, compiled and initialised as needed: nothing to load
        // early, and a class loaded by a name native-image was not told about would fail there.
        if (thread != null || ImageMode.current() == ImageMode.NATIVE_RUN) {
            return;
        }
        thread = new Thread(FlywayWarmUp::load, "schemahook-flyway-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits for the loading to end, so that Flyway's classes are never initialised by two threads at once (a cycle
     * between two classes initialised from both ends would deadlock).
     */
    static synchronized void awaitLoaded() {
        if (thread == null) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void load() {
        try {
            // The configuration builds Flyway's plugin register (about 570 Jackson classes for its configuration
            // extensions); no connection is opened and nothing is logged.
            Flyway.configure(FlywayWarmUp.class.getClassLoader()).load();
        } catch (RuntimeException | LinkageError e) {
            // Nothing to report: the run itself builds Flyway and reports whatever fails there.
        }
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, FlywayWarmUp.class.getClassLoader());
            } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
                // As above; a renamed class only makes the run load it later.
            }
        }
    }
}

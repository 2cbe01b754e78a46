package dev.schemahook.migration;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.Interruption;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What every Flyway operation of one run shares: the database, the configuration, waiting for the server, the
 * migration lock, Flyway itself, and the one place where a failure becomes the runner's exception.
 */
final class FlywayRun {
    final Connections connections;
    final ConnectionConfig connectionConfig;
    final MigrationConfig config;
    final String[] locations;
    /** What Flyway is applying right now, for the messages of a stop, a lost connection or a full heap. */
    private final CurrentMigration currentMigration = new CurrentMigration();

    FlywayRun(Connections connections, ConnectionConfig connectionConfig, MigrationConfig config) {
        this.connections = connections;
        this.connectionConfig = connectionConfig;
        this.config = config;
        // Checked before any wait: a wrong folder is a configuration error, not a database that is late.
        this.locations = FlywayFactory.checkedLocations(config.locations());
    }

    /**
     * Runs one operation; its failure becomes the runner's exception. A stop request comes first: whatever the
     * cancelled statement or the interrupted wait threw is its consequence, not a fault of the migration.
     */
    <T> T guarded(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (OutOfMemoryError e) {
            throw FlywayErrors.outOfMemory(currentMigration, e);
        } catch (RuntimeException e) {
            if (Interruption.signal().isPresent()) {
                throw FlywayErrors.interrupted(currentMigration, e);
            }
            throw FlywayErrors.translate(e, connections.settings(), currentMigration);
        }
    }

    void waitForDatabase() {
        new DatabaseWaiter(connections).waitForDatabase(connectionConfig.waitTimeout());
    }

    MigrationLock lock() {
        String scope = String.join(",", config.schemas()) + "." + config.table();
        return MigrationLock.acquire(connections, scope, config.migrationLockTimeout());
    }

    Flyway flyway(Duration lockTimeout) {
        return flyway(config, lockTimeout);
    }

    /** Flyway for this run with another configuration of the same locations (a phase's target). */
    Flyway flyway(MigrationConfig phaseConfig, Duration lockTimeout) {
        return FlywayFactory.create(connections, phaseConfig, locations, lockTimeout, currentMigration);
    }

    FutureMigrations futureMigrations() {
        return new FutureMigrations(config.onFuture());
    }

    String database() {
        return connections.settings().display();
    }

    /** The schema that holds the history table: the first configured one, else the user's current schema. */
    String schemaName() {
        try (Connection connection = connections.open()) {
            return schemaName(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    String schemaName(Connection connection) throws SQLException {
        if (!config.schemas().isEmpty()) {
            return config.schemas().get(0);
        }
        try (var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT current_schema(), current_setting('search_path')")) {
            result.next();
            if (result.getString(1) == null) {
                throw new SchemahookException(ExitCode.USAGE, "no schema of the search_path (" + result.getString(2)
                        + ") exists on " + database() + ": name the schema with --schemas (SCHEMAHOOK_SCHEMAS), or fix"
                        + " currentSchema in --url or the user's search_path");
            }
            return result.getString(1);
        }
    }

    /**
     * A failure of the runner's own statements (the history's schema, its look at the history), reported as Flyway's
     * are: a lost connection as lost, a missing privilege as exit 7, any other SQL error as itself.
     */
    SchemahookException failure(SQLException e) {
        return FlywayErrors.translate(new StatementFailure(e), connections.settings(), currentMigration);
    }

    /** The runner's own statement that failed, with PostgreSQL's words for why as its message. */
    private static final class StatementFailure extends RuntimeException {
        StatementFailure(SQLException cause) {
            super(DatabaseWaiter.describe(cause), cause);
        }
    }

    /** Waits between attempts; a stop interrupts it, and the run then reports the stop. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemahookException(ExitCode.INTERNAL_ERROR, "interrupted");
        }
    }
}

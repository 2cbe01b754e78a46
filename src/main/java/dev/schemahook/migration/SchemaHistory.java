package dev.schemahook.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The schema history read on one connection without Flyway: where it is, whether it is current, what is newer. */
final class SchemaHistory {
    private final FlywayRun run;

    SchemaHistory(FlywayRun run) {
        this.run = run;
    }

    /** The history's schema and what {@link UpToDateCheck} makes of the history there. */
    Look look() throws SQLException {
        try (Connection connection = run.connections.open()) {
            String schema = run.schemaName(connection);
            return new Look(schema, UpToDateCheck.check(connection, run.config, run.locations, schema));
        }
    }

    record Look(String schema, Optional<UpToDateCheck.UpToDate> upToDate) {
    }

    /** The history's schema and the applied migrations newer than every migration of this image. */
    Futures futures() {
        try (Connection connection = run.connections.open()) {
            String schema = run.schemaName(connection);
            return new Futures(schema, UpToDateCheck.futureVersions(connection, run.config, run.locations, schema));
        } catch (SQLException e) {
            throw run.failure(e);
        }
    }

    record Futures(String schema, List<String> versions) {
    }
}

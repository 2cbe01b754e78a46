package dev.schemahook.migration;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import org.flywaydb.core.api.MigrationInfo;

import java.util.Arrays;
import java.util.List;

/**
 * Every migration of the image and of the database with its state, in Flyway's order, as Flyway's info() reports it.
 * Read-only; waits for the database first. What info prints, and what analyze reads to know the order and what a
 * database has applied.
 *
 * @param current the version the database is at, or null
 * @param migrations every migration, in Flyway's order
 * @param warnings newer migrations than this image's (after a rollback)
 */
public record MigrationStates(String current, List<MigrationRecord> migrations, List<String> warnings) {

    public static MigrationStates read(Connections connections, ConnectionConfig connectionConfig, MigrationConfig config) {
        return read(new FlywayRun(connections, connectionConfig, config));
    }

    static MigrationStates read(FlywayRun run) {
        return run.guarded(() -> {
            run.waitForDatabase();
            var info = run.flyway(run.config.lockTimeout()).info();
            MigrationInfo[] all = info.all();
            String current = MigrationRecords.versionOf(info.current());
            return new MigrationStates(current, Arrays.stream(all).map(i -> MigrationRecords.of(i).withPhase(PhasePlan.phaseOf(i))).toList(),
                    run.futureMigrations().warnings(all));
        });
    }
}

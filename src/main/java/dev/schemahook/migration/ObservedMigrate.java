package dev.schemahook.migration;

import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import org.flywaydb.core.api.callback.Callback;

import java.util.List;
import java.util.Optional;

/**
 * Flyway's own migrate on a throwaway database, with an observer called around every statement: the analysis sees
 * exactly the statements, transactions and placeholders that {@code migrate} runs, because Flyway runs them.
 */
public final class ObservedMigrate {
    private ObservedMigrate() {
    }

    private static Callback[] with(Callback[] callbacks, Callback observer) {
        Callback[] all = java.util.Arrays.copyOf(callbacks, callbacks.length + 1);
        all[callbacks.length] = observer;
        return all;
    }

    /**
     * Applies every pending migration to {@code scratch} as {@code migrate} would, with one difference: a migration
     * that mixes transactional and non-transactional statements runs (in autocommit, as Flyway runs it with
     * {@code mixed}) instead of being refused, so that the analysis can report it and go on to the next one.
     * Errors are translated as {@code migrate} translates them: the same exit code and the same message.
     */
    public static void migrate(Connections scratch, MigrationConfig config, Callback observer) {
        migrate(scratch, config, observer, Phase.ALL);
    }

    /**
     * As {@link #migrate(Connections, MigrationConfig, Callback)}, stopping where {@code phase} stops, as
     * {@code migrate --phase} decides it ({@link PhasePlan}) from what is pending on {@code scratch}.
     */
    public static void migrate(Connections scratch, MigrationConfig config, Callback observer, Phase phase) {
        String[] locations = FlywayFactory.checkedLocations(config.locations());
        CurrentMigration current = new CurrentMigration();
        try {
            Optional<MigrationConfig> phased = phase == Phase.ALL ? Optional.of(config) : PhasePlan.of(
                    FlywayFactory.create(scratch, config, locations, config.lockTimeout(), current).info())
                    .configFor(phase, config);
            if (phased.isEmpty()) {
                return;
            }
            FlywayFactory.create(scratch, phased.get(), locations, config.lockTimeout(), current,
                    configuration -> configuration.callbacks(with(configuration.getCallbacks(), observer)).mixed(true))
                    .migrate();
        } catch (RuntimeException e) {
            throw FlywayErrors.translate(e, scratch.settings(), current);
        }
    }

    /** The scripts of the trailing post-deployment migrations that {@code --phase pre} leaves pending on {@code scratch}. */
    public static List<String> waiting(Connections scratch, MigrationConfig config) {
        String[] locations = FlywayFactory.checkedLocations(config.locations());
        CurrentMigration current = new CurrentMigration();
        try {
            return PhasePlan.of(FlywayFactory.create(scratch, config, locations, config.lockTimeout(), current).info())
                    .post().stream().map(info -> info.getScript()).toList();
        } catch (RuntimeException e) {
            throw FlywayErrors.translate(e, scratch.settings(), current);
        }
    }
}

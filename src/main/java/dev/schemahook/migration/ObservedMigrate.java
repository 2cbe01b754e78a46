package dev.schemahook.migration;

import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import org.flywaydb.core.api.callback.Callback;

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
        String[] locations = FlywayFactory.checkedLocations(config.locations());
        CurrentMigration current = new CurrentMigration();
        try {
            FlywayFactory.create(scratch, config, locations, config.lockTimeout(), current,
                    configuration -> configuration.callbacks(with(configuration.getCallbacks(), observer)).mixed(true))
                    .migrate();
        } catch (RuntimeException e) {
            throw FlywayErrors.translate(e, scratch.settings(), current);
        }
    }

    /** What {@code migrate --phase pre} and then {@code --phase post} would apply to {@code scratch} now. */
    public static PhasePlan plan(Connections scratch, MigrationConfig config) {
        String[] locations = FlywayFactory.checkedLocations(config.locations());
        CurrentMigration current = new CurrentMigration();
        try {
            return PhasePlan.of(FlywayFactory.create(scratch, config, locations, config.lockTimeout(), current).info());
        } catch (RuntimeException e) {
            throw FlywayErrors.translate(e, scratch.settings(), current);
        }
    }
}

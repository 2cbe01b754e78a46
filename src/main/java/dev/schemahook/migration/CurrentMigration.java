package dev.schemahook.migration;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.internal.info.MigrationInfoImpl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The migration Flyway is applying right now, as Flyway announces it: when a run is stopped, loses its connection or
 * runs out of memory, the message names that file (and its size), whatever Flyway's exception carries.
 */
final class CurrentMigration implements Callback {
    private volatile MigrationInfo current;

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        current = event == Event.BEFORE_EACH_MIGRATE ? context.getMigrationInfo() : null;
    }

    @Override
    public String getCallbackName() {
        return "schemahook-current-migration";
    }

    /** The file being applied, if a migration is running. */
    Optional<String> script() {
        MigrationInfo info = current;
        return info == null ? Optional.empty() : Optional.of(info.getScript());
    }

    /** Whether the running migration is inside a transaction (all of it rolls back). True when none is running. */
    boolean transactional() {
        return !(current instanceof MigrationInfoImpl info) || info.getResolvedMigration() == null
                || info.getResolvedMigration().getExecutor() == null
                || info.getResolvedMigration().getExecutor().canExecuteInTransaction();
    }

    /** The size in bytes of the file being applied, when it is on the file system. */
    Optional<Long> size() {
        MigrationInfo info = current;
        if (info == null || info.getPhysicalLocation() == null || info.getPhysicalLocation().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.size(Path.of(info.getPhysicalLocation())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

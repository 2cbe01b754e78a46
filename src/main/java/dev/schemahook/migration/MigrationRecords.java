package dev.schemahook.migration;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.RepairOutput;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Flyway's descriptions of a migration turned into the runner's plain {@link MigrationRecord}. */
final class MigrationRecords {
    private MigrationRecords() {
    }

    static MigrationRecord applied(MigrateOutput output) {
        return new MigrationRecord(output.category, output.version, output.description, output.type, output.filepath,
                "Success", null, null, null, output.executionTime);
    }

    static MigrationRecord repaired(RepairOutput output, String state) {
        return new MigrationRecord(null, output.version, output.description, null, null, state, null, null, null, null);
    }

    static MigrationRecord of(MigrationInfo info) {
        String category = info.getType() != null && info.getType().isBaseline() ? "Baseline"
                : info.getVersion() == null ? "Repeatable" : "Versioned";
        return new MigrationRecord(
                category,
                info.getVersion() == null ? "" : info.getVersion().getVersion(),
                info.getDescription(),
                info.getType() == null ? null : info.getType().name(),
                info.getPhysicalLocation() == null || info.getPhysicalLocation().isEmpty() ? null : info.getPhysicalLocation(),
                info.getState().getDisplayName(),
                info.getChecksum(),
                info.getInstalledOn() == null ? null
                        : DateTimeFormatter.ISO_INSTANT.format(info.getInstalledOn().toInstant().atOffset(ZoneOffset.UTC)),
                info.getInstalledBy(),
                info.getExecutionTime());
    }

    /**
     * The schema's version after {@code current}, Flyway's info().current(): null when nothing is applied, and also
     * when only repeatable migrations are, for current() is then the latest repeatable one, which has no version.
     */
    static String versionOf(MigrationInfo current) {
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }

    /** How messages name a migration: its version, or R and the description of a repeatable one. */
    static String label(MigrationInfo info) {
        return info.getVersion() == null ? "R " + info.getDescription() : info.getVersion().getVersion();
    }
}

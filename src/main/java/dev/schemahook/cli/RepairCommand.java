package dev.schemahook.cli;

import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code schemahook repair}. */
@Command(name = "repair", description = "Realign checksums with this image and remove failed entries from the schema history.", sortOptions = false)
final class RepairCommand extends RunnerCommand {
    @Mixin
    ConnectionOptions.WaitTimeout waitTimeout;

    @Mixin
    ConnectionOptions.EmbeddedServer embeddedServer;

    @Mixin
    ConnectionOptions.PostgresVersion postgresVersion;

    @Mixin
    MigrationOptions.Sources sources;

    @Mixin
    MigrationOptions.Placeholders placeholders;

    @Mixin
    MigrationOptions.MigrationLockTimeout migrationLockTimeout;

    @Override
    String operation() {
        return "repair";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.repair();
    }
}

package dev.schemahook.cli;

import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code schemahook info}. */
@Command(name = "info", sortOptions = false,
        description = "Show every migration with its state (applied, pending, failed, future, missing), version,"
                + " description, checksum, when it was applied and how long it took.")
final class InfoCommand extends RunnerCommand {
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
    MigrationOptions.Target target;

    @Mixin
    MigrationOptions.OutOfOrder outOfOrder;

    @Mixin
    MigrationOptions.Future future;

    @Override
    String operation() {
        return "info";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.info();
    }
}

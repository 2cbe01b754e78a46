package dev.schemahook.cli;

import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code schemahook validate}. */
@Command(name = "validate", description = "Check applied migrations against this image (checksums, missing, failed); changes nothing.", sortOptions = false)
final class ValidateCommand extends RunnerCommand {
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
        return "validate";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.validate();
    }
}

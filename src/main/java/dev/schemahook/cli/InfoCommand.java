package dev.schemahook.cli;

import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;

/** {@code schemahook info}. */
@Command(name = "info", sortOptions = false,
        description = "Show every migration with its state (applied, pending, failed, future, missing), version,"
                + " description, checksum, when it was applied and how long it took.")
final class InfoCommand extends RunnerCommand {
    @Override
    String operation() {
        return "info";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.info();
    }
}

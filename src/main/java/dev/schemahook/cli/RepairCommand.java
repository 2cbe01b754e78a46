package dev.schemahook.cli;

import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;

/** {@code schemahook repair}. */
@Command(name = "repair", description = "Realign checksums with this image and remove failed entries from the schema history.", sortOptions = false)
final class RepairCommand extends RunnerCommand {
    @Override
    String operation() {
        return "repair";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.repair();
    }
}

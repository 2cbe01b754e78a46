package dev.schemahook.cli;

import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;

/** {@code schemahook validate}. */
@Command(name = "validate", description = "Check applied migrations against this image (checksums, missing, failed); changes nothing.", sortOptions = false)
final class ValidateCommand extends RunnerCommand {
    @Override
    String operation() {
        return "validate";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.validate();
    }
}

package dev.schemahook.cli;

import dev.schemahook.migration.EarlyAnswer;
import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;

/** {@code schemahook migrate}. */
@Command(name = "migrate", description = "Wait for the database, validate what is applied and apply every pending migration in order (the default command).", sortOptions = false)
final class MigrateCommand extends RunnerCommand {
    MigrateCommand() {
        this(EarlyAnswer.NONE);
    }

    MigrateCommand(EarlyAnswer beforeBoot) {
        super(beforeBoot);
    }

    @Override
    String operation() {
        return "migrate";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.migrate();
    }
}

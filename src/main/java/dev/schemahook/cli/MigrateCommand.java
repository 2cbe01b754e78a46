package dev.schemahook.cli;

import dev.schemahook.migration.EarlyAnswer;
import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code schemahook migrate}. */
@Command(name = "migrate", description = "Wait for the database, validate what is applied and apply every pending migration in order (the default command).", sortOptions = false)
final class MigrateCommand extends RunnerCommand {
    MigrateCommand() {
        this(EarlyAnswer.NONE);
    }

    MigrateCommand(EarlyAnswer beforeBoot) {
        super(beforeBoot);
    }

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

    @Mixin
    MigrationOptions.BaselineOnMigrate baselineOnMigrate;

    @Mixin
    MigrationOptions.StatementTimeouts statementTimeouts;

    @Mixin
    MigrationOptions.LockRetries lockRetries;

    @Mixin
    MigrationOptions.MigrationLockTimeout migrationLockTimeout;

    @Override
    String operation() {
        return "migrate";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.migrate();
    }
}

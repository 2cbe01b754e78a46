package dev.schemahook.cli;

import dev.schemahook.migration.EarlyAnswer;
import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import dev.schemahook.migration.Phase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Option(names = "--phase", paramLabel = "pre|post|all", defaultValue = "${env:SCHEMAHOOK_PHASE:-all}",
            description = "pre: stop before trailing post-deployment migrations (marked -- schemahook:post-deploy), for"
                    + " a hook before the rollout; post: apply everything, after the rollout; all: apply everything"
                    + " (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_PHASE.")
    Phase phase = Phase.ALL;

    @Override
    String operation() {
        return "migrate";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.migrate(phase);
    }
}

package dev.schemahook.cli;

import dev.schemahook.migration.EarlyAnswer;
import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code schemahook await}: the read-only wait an application's init container runs. */
@Command(name = "await", sortOptions = false,
        description = "Wait until the database holds every migration of this image, then exit 0. Read-only; needs no"
                + " Kubernetes permissions, so an application pod's init container can run it.")
final class AwaitCommand extends RunnerCommand {
    @Mixin
    MigrationOptions.Sources sources;

    @Mixin
    MigrationOptions.Placeholders placeholders;

    @Mixin
    MigrationOptions.Target target;

    @Mixin
    MigrationOptions.Future future;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:SCHEMAHOOK_AWAIT_TIMEOUT:-5m}",
            description = "Give up after this long, with exit 8 (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_AWAIT_TIMEOUT.")
    Duration timeout;

    AwaitCommand() {
        this(EarlyAnswer.NONE);
    }

    AwaitCommand(EarlyAnswer beforeBoot) {
        super(beforeBoot);
    }

    @Override
    String operation() {
        return "await";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.await(timeout);
    }
}

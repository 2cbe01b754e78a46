package dev.schemahook.cli;

import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code schemahook baseline --version V}. */
@Command(name = "baseline", sortOptions = false,
        description = "Adopt an existing database that was never managed by schemahook: record VERSION as applied,"
                + " so that only later migrations run.")
final class BaselineCommand extends RunnerCommand {
    @Option(names = "--version", paramLabel = "VERSION", required = true,
            description = "The version the existing schema corresponds to; migrations up to it are skipped.")
    String version;

    @Option(names = "--description", paramLabel = "TEXT", defaultValue = "<< schemahook baseline >>",
            description = "Description recorded with the baseline (default: ${DEFAULT-VALUE}).")
    String description;

    @Override
    String operation() {
        return "baseline";
    }

    @Override
    OperationResult execute(MigrationService service) {
        return service.baseline(version, description);
    }
}

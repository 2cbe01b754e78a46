package dev.schemahook.cli;

import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code schemahook baseline --baseline-version V}. */
@Command(name = "baseline", sortOptions = false,
        description = "Adopt an existing database that was never managed by schemahook: record VERSION as applied,"
                + " so that only later migrations run.")
final class BaselineCommand extends RunnerCommand {
    @Mixin
    ConnectionOptions.WaitTimeout waitTimeout;

    @Mixin
    ConnectionOptions.EmbeddedServer embeddedServer;

    @Mixin
    ConnectionOptions.PostgresVersion postgresVersion;

    @Mixin
    MigrationOptions.Sources sources;

    @Mixin
    MigrationOptions.MigrationLockTimeout migrationLockTimeout;

    // Named as migrate's --baseline-version and Flyway's baselineVersion: --version is the runner's own version. It has
    // no variable, so that the chart's SCHEMAHOOK_BASELINE_VERSION (for --baseline-on-migrate) never adopts a database
    // at a version nobody chose for this command.
    @Option(names = "--baseline-version", paramLabel = "VERSION", required = true,
            description = "The version the existing schema corresponds to; migrations up to it are skipped.")
    String version;

    @Spec
    CommandSpec baselineSpec;

    /** The old name, refused with the new one rather than reported as an unknown option. */
    @Option(names = "--version", hidden = true, arity = "0..1")
    void renamedVersion(String ignored) {
        throw new ParameterException(baselineSpec.commandLine(), "baseline takes --baseline-version VERSION"
                + " (--version is the runner's version: schemahook --version)");
    }

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

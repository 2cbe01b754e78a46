package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.config.OutputFormat;
import dev.schemahook.database.ConnectionSettingsResolver;
import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.drift.DriftResult;
import dev.schemahook.drift.DriftService;
import dev.schemahook.drift.IgnorePatterns;
import dev.schemahook.error.ExitCode;
import dev.schemahook.report.DriftReport;
import dev.schemahook.report.TerminationMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code schemahook drift}: the live schema against the snapshot {@code verify --snapshot} wrote, read-only. */
@Command(name = "drift", sortOptions = false,
        description = "Read the database's schema (read-only: a user that may connect and read the history table is"
                + " enough) and compare it with the snapshot 'schemahook verify --snapshot FILE' wrote for the same"
                + " migrations: each table, column, constraint, index, sequence, view, function, trigger, extension and"
                + " type that is missing, unexpected or changed, and which attribute changed.",
        footer = {"", "Exit codes: 0 no drift, 12 drifted, 13 the database is not at the snapshot's version,",
                "2 usage error (no or unreadable snapshot), 3 database not reachable, 7 authentication failure."})
final class DriftCommand extends RunnerCommand {
    @Mixin
    ConnectionOptions.WaitTimeout waitTimeout;

    @Mixin
    MigrationOptions.Sources sources;

    @Option(names = "--snapshot", paramLabel = "FILE", required = true, defaultValue = "${env:SCHEMAHOOK_SNAPSHOT}",
            description = "The snapshot to compare with, as written by 'schemahook verify --snapshot FILE'."
                    + " Env: SCHEMAHOOK_SNAPSHOT.")
    Path snapshot;

    @Option(names = "--ignore", paramLabel = "PATTERN", split = ",", defaultValue = "${env:SCHEMAHOOK_DRIFT_IGNORE}",
            description = "Objects to leave out, comma-separated or repeated: a glob (* and ?) on the object"
                    + " ('index public.hotfix_*') or on its name ('public.audit*', which takes a table's columns,"
                    + " constraints, indexes and triggers with it). Env: SCHEMAHOOK_DRIFT_IGNORE.")
    List<String> ignore;

    @Override
    String operation() {
        return "drift";
    }

    @Override
    int run(ConnectionConfig connectionConfig, MigrationConfig migrationConfig, Map<String, String> environment,
            String serverKind) {
        Connections connections = new Connections(new ConnectionSettingsResolver(environment).resolve(connectionConfig));
        new DatabaseWaiter(connections).waitForDatabase(connectionConfig.waitTimeout());
        DriftResult result = new DriftService(connections).drift(snapshot, migrationConfig.table(),
                new IgnorePatterns(ignore == null ? List.of() : ignore));
        if (result.drifted()) {
            throw new ReportedFailure(ExitCode.DRIFTED, "found drift: " + DriftReport.summary(result)
                    + "; change the database back, or write a migration that makes the change and a new snapshot",
                    format -> render(result, format));
        }
        print(render(result, format()));
        TerminationMessage.write("schemahook drift passed: " + DriftReport.summary(result), environment);
        return ExitCode.SUCCESS.code();
    }

    private static String render(DriftResult result, OutputFormat format) {
        return switch (format) {
            case JSON -> DriftReport.json(result) + "\n";
            case MARKDOWN -> DriftReport.markdown(result);
            case TEXT -> DriftReport.text(result);
        };
    }
}

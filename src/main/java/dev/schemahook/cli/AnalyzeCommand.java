package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.FailOn;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.config.OutputFormat;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.database.ConnectionSettingsResolver;
import dev.schemahook.database.Connections;
import dev.schemahook.report.AnalysisReport;
import dev.schemahook.report.TerminationMessage;
import dev.schemahook.safety.AnalysisResult;
import dev.schemahook.safety.AnalysisService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.Optional;

/** {@code schemahook analyze}: what each migration locks and rewrites, observed on a throwaway database. */
@Command(name = "analyze", sortOptions = false,
        description = "Apply the migrations to a throwaway PostgreSQL (embedded, of --postgres-version; or a scratch"
                + " database on the server of --url or PGHOST), each in its own transaction, and report the locks each one holds"
                + " on existing tables, the tables it rewrites, and unsafe patterns in its SQL, with the safe"
                + " alternative. Acknowledge a finding with '-- schemahook:allow <rule> <reason>' in the migration."
                + " Exits 6 when an unacknowledged finding is at or above --fail-on.",
        footer = {"", "Exit codes: 0 nothing at or above --fail-on, 1 a migration failed on the throwaway database,",
                "2 usage error, 3 database not reachable, 6 unsafe migration, 7 authentication failure."})
final class AnalyzeCommand extends ScratchDatabaseCommand {
    @Option(names = "--against", paramLabel = "URL", defaultValue = "${env:SCHEMAHOOK_AGAINST_URL}",
            description = "Report only the migrations this database (production) has not applied, read from its schema"
                    + " history, read-only; credentials from the URL, else --user/--password. Default: report all."
                    + " Env: SCHEMAHOOK_AGAINST_URL.")
    String against;

    @Option(names = "--load", defaultValue = "${env:SCHEMAHOOK_LOAD:-false}",
            description = "While each migration runs, a reader (SELECT) and a writer (UPDATE of a row) work on the"
                    + " tables it names and a long read transaction holds them; report how long each waited and for"
                    + " which statement, and whether the migration gets its locks within --lock-timeout and"
                    + " --lock-retries. Needs --rows 1 or more. Env: SCHEMAHOOK_LOAD.")
    boolean load;

    @Override
    String operation() {
        return "analyze";
    }

    @Override
    int runOnScratch(Connections server, Connections connections, String description, ConnectionConfig connectionConfig,
                     MigrationConfig migrationConfig, Map<String, String> environment) {
        ConnectionSettingsResolver resolver = new ConnectionSettingsResolver(environment);
        Optional<Connections> production = Optional.ofNullable(against).filter(url -> !url.isBlank()).map(url -> {
            // The credentials the user gave, not those of the throwaway server this run may have started.
            ConnectionConfig given = configuration(environment).connectionConfig();
            return new Connections(resolver.resolve(new ConnectionConfig(Optional.of(url), given.user(),
                    given.password(), given.passwordFile(), given.waitTimeout(), Optional.empty(), given.embeddedMajor()),
                    "--against or SCHEMAHOOK_AGAINST_URL"));
        });
        if (load && analysis.rows() == 0) {
            throw new SchemahookException(ExitCode.USAGE, "--load needs rows for its writer to update: leave --rows at"
                    + " its default (3) or give 1 or more, or leave out --load");
        }
        AnalysisResult result = new AnalysisService(connections, production, connectionConfig, migrationConfig,
                analysis.failOn(), analysis.rows(), load).analyze(description);
        if (!result.success()) {
            throw new ReportedFailure(ExitCode.UNSAFE_MIGRATION, AnalysisReport.summary(result) + "; the report says"
                    + " why and the safe alternative; change the migration, or acknowledge a finding with"
                    + " '-- schemahook:allow <rule> <reason>'", format -> render(result, format));
        }
        print(render(result, format()));
        TerminationMessage.write("schemahook analyze passed: " + AnalysisReport.summary(result), environment);
        return 0;
    }

    private static String render(AnalysisResult result, OutputFormat format) {
        return switch (format) {
            case JSON -> AnalysisReport.json(result) + "\n";
            case MARKDOWN -> AnalysisReport.markdown(result);
            case TEXT -> AnalysisReport.text(result);
        };
    }

    static AnalysisResult analyze(Connections scratch, Optional<Connections> production, ConnectionConfig connectionConfig,
                                  MigrationConfig migrationConfig, String description, FailOn failOn, int rows) {
        return new AnalysisService(scratch, production, connectionConfig, migrationConfig, failOn, rows, false)
                .analyze(description);
    }
}

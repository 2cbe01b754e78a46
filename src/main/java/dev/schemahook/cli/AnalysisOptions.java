package dev.schemahook.cli;

import dev.schemahook.config.FailOn;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import picocli.CommandLine.Option;

/** What makes the analysis of locks and rewrites fail: shared by analyze and verify. */
final class AnalysisOptions {
    @Option(names = "--fail-on", paramLabel = "error|warning|info|none", defaultValue = "${env:SCHEMAHOOK_FAIL_ON:-error}",
            description = "Exit 6 when an unacknowledged finding of this severity or above is found; none only reports"
                    + " (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_FAIL_ON.")
    FailOn failOn;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "${env:SCHEMAHOOK_ANALYZE_ROWS:-3}",
            description = "Before each analysed migration, give every existing table at least N rows that satisfy its"
                    + " types, defaults and foreign keys, so that a migration that fails on a table holding rows fails"
                    + " here; 0 leaves the tables as the migrations left them (default: ${DEFAULT-VALUE})."
                    + " Env: SCHEMAHOOK_ANALYZE_ROWS.")
    int rows = 3;

    /** The rows per table, checked: a negative count is a usage error. */
    int rows() {
        if (rows < 0) {
            throw new SchemahookException(ExitCode.USAGE, "--rows " + rows + " is negative: give the number of rows"
                    + " every existing table gets before each migration, or 0 for none");
        }
        return rows;
    }

    FailOn failOn() {
        return failOn == null ? FailOn.ERROR : failOn;
    }
}

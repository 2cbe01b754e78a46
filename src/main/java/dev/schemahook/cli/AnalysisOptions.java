package dev.schemahook.cli;

import dev.schemahook.config.FailOn;
import picocli.CommandLine.Option;

/** What makes the analysis of locks and rewrites fail: shared by analyze and verify. */
final class AnalysisOptions {
    @Option(names = "--fail-on", paramLabel = "error|warning|info|none", defaultValue = "${env:SCHEMAHOOK_FAIL_ON:-error}",
            description = "Exit 6 when an unacknowledged finding of this severity or above is found; none only reports"
                    + " (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_FAIL_ON.")
    FailOn failOn;

    FailOn failOn() {
        return failOn == null ? FailOn.ERROR : failOn;
    }
}

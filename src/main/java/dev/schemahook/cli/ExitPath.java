package dev.schemahook.cli;

import dev.schemahook.config.OutputFormat;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.report.JsonReport;
import dev.schemahook.report.TerminationMessage;
import dev.schemahook.report.TextReport;

/**
 * The one way a failed run leaves, whichever command failed and however: the report of what it found (analyze, verify),
 * the JSON document with its {@code error} object, the one-line {@code error: ... (exit N)} on stderr, the termination
 * message, and the code from {@link dev.schemahook.error.ExitCode}.
 */
final class ExitPath {
    private ExitPath() {
    }

    /**
     * Prints {@code error} and returns its exit code; never throws.
     *
     * @param operation the command's name, as the JSON's {@code operation} and the termination message say it
     * @param database the database the run talked to, or null when none was resolved yet
     */
    static int fail(String operation, String database, OutputFormat format, SchemahookException error) {
        String stdout = "";
        if (error instanceof ReportedFailure reported) {
            stdout = format == OutputFormat.JSON ? JsonReport.withError(reported.report(format), error) + "\n"
                    : reported.report(format);
        } else if (format == OutputFormat.JSON) {
            stdout = JsonReport.renderError(operation, database, error) + "\n";
        }
        System.out.print(stdout);
        System.out.flush();
        System.err.print(TextReport.renderError(error));
        System.err.flush();
        TerminationMessage.write(TextReport.summary(operation, error), System.getenv());
        return error.exitCode().code();
    }
}

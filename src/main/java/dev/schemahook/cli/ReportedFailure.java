package dev.schemahook.cli;

import dev.schemahook.config.OutputFormat;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;

import java.util.function.Function;

/**
 * A failure that comes with a report of what the command found (analyze's findings, verify's steps): {@link ExitPath}
 * prints the report where a success would have printed it, and the error as every failure's.
 */
final class ReportedFailure extends SchemahookException {
    private final transient Function<OutputFormat, String> report;

    ReportedFailure(ExitCode exitCode, String message, Function<OutputFormat, String> report) {
        super(exitCode, message);
        this.report = report;
    }

    /** The report in {@code format}; for JSON a document without the {@code error} object, which ExitPath adds. */
    String report(OutputFormat format) {
        return report.apply(format);
    }
}

package dev.schemahook.cli;

import dev.schemahook.config.LogFormat;
import dev.schemahook.config.OutputFormat;
import picocli.CommandLine.Option;

/** What goes to stdout (the result) and how stderr's log lines look. */
final class OutputOptions {
    /** Help lists these after the options of the command, whose groups keep their declaration order. */
    private static final int LAST = 1000;

    @Option(names = "--output", order = LAST, paramLabel = "text|json|markdown", defaultValue = "${env:SCHEMAHOOK_OUTPUT:-text}",
            description = "Result on stdout: text, exactly one JSON document, or Markdown for a CI job summary"
                    + " (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_OUTPUT.")
    OutputFormat output;

    // Applied by SchemahookMain.main before Quarkus configures logging; declared here so that help lists it and a
    // value other than text or json is a usage error.
    @Option(names = "--log-format", order = LAST + 1, paramLabel = "text|json", defaultValue = "${env:SCHEMAHOOK_LOG_FORMAT:-text}",
            description = "Log lines on stderr: text, or JSON for log collectors (default: ${DEFAULT-VALUE})."
                    + " Env: SCHEMAHOOK_LOG_FORMAT.")
    LogFormat logFormat;

    @Option(names = {"-h", "--help"}, order = LAST + 2, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}

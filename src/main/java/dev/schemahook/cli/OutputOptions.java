package dev.schemahook.cli;

import dev.schemahook.config.LogFormat;
import dev.schemahook.config.OutputFormat;
import picocli.CommandLine.Option;

/** What goes to stdout (the result) and how stderr's log lines look. */
final class OutputOptions {
    @Option(names = "--output", paramLabel = "text|json", defaultValue = "${env:SCHEMAHOOK_OUTPUT:-text}",
            description = "Result on stdout: text, or exactly one JSON document (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_OUTPUT.")
    OutputFormat output;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "${env:SCHEMAHOOK_LOG_FORMAT:-text}",
            description = "Log lines on stderr: text, or JSON for log collectors (default: ${DEFAULT-VALUE})."
                    + " Env: SCHEMAHOOK_LOG_FORMAT.")
    LogFormat logFormat;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}

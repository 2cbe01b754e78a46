package dev.schemahook.config;

/** How results are printed on stdout. */
public enum OutputFormat {
    TEXT,
    JSON,
    MARKDOWN
}

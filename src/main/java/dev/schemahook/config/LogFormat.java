package dev.schemahook.config;

/** How log lines are written on stderr. */
public enum LogFormat {
    TEXT,
    JSON
}

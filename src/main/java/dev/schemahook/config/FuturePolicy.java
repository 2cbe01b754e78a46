package dev.schemahook.config;

/** What the runner does when the database holds migrations newer than this image knows (after a rollback). */
public enum FuturePolicy {
    /** Print a warning and succeed, so that helm rollback works. */
    WARN,
    /** Fail with exit code 4. */
    FAIL
}

package dev.schemahook.error;

/** Every exit code the runner returns; the README's table and the chart's podFailurePolicy follow this list. */
public enum ExitCode {
    /** Every step succeeded, or there was nothing to do. */
    SUCCESS(0),
    /** A migration failed; its transaction was rolled back. */
    MIGRATION_FAILED(1),
    /** The command line or the configuration is wrong. */
    USAGE(2),
    /** The database did not accept connections within the wait timeout. */
    DATABASE_UNREACHABLE(3),
    /** Applied migrations do not match the image (checksum, missing, failed, or future with --on-future fail). */
    VALIDATION_FAILED(4),
    /** Another runner held the migration lock, or a table lock was not granted within lock_timeout. */
    LOCK_NOT_ACQUIRED(5),
    /** analyze (or verify's analysis step) found an unacknowledged finding at or above --fail-on. */
    UNSAFE_MIGRATION(6),
    /** The server refused the credentials, the user lacks a privilege, the database is read-only, or the runner does not
     * trust the server's certificate; retrying cannot fix it. */
    AUTHENTICATION_FAILED(7),
    /** await gave up: the database is reachable but does not hold every migration of this image yet. */
    AWAIT_TIMEOUT(8),
    /**
     * Stopped by SIGTERM or SIGINT: the running statement was cancelled and rolled back and the lock released; safe to
     * retry.
     */
    INTERRUPTED(9),
    /**
     * The server ended the session or went away mid-run (terminated backend, restart, failover); the server rolled the
     * transaction back; safe to retry.
     */
    CONNECTION_LOST(10),
    /**
     * The heap was too small for a migration; nothing of it was committed. A retry with the same memory limit fails
     * again: raise the limit.
     */
    OUT_OF_MEMORY(11),
    /** drift: the database's schema differs from the snapshot of its version (the report lists each difference). */
    DRIFTED(12),
    /** drift: the database is not at the version the snapshot describes; migrate it, or compare with the right snapshot. */
    NOT_AT_SNAPSHOT_VERSION(13),
    /** An unexpected internal error: a bug in schemahook. */
    INTERNAL_ERROR(70);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exit code of {@code code}, as a result record carries it; {@link #INTERNAL_ERROR} for a code of no one. */
    public static ExitCode of(int code) {
        for (ExitCode exitCode : values()) {
            if (exitCode.code == code) {
                return exitCode;
            }
        }
        return INTERNAL_ERROR;
    }
}

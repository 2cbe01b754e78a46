package dev.schemahook.config;

/** The lowest severity of an unacknowledged finding that makes analyze (and verify) exit 6. */
public enum FailOn {
    /** Fail on errors only: what blocks reads or writes for longer than a catalog change. */
    ERROR,
    /** Fail on errors and warnings. */
    WARNING,
    /** Fail on any finding. */
    INFO,
    /** Report only; never fail. */
    NONE
}

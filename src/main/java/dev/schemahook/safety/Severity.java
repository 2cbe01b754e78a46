package dev.schemahook.safety;

import java.util.Locale;

/** How bad a finding is; {@code --fail-on} picks the lowest one that fails the run. */
public enum Severity {
    /** Worth knowing; takes nothing from running traffic beyond a catalog change. */
    INFO,
    /** A brief blocking lock taken without lock_timeout: one long transaction turns it into an outage. */
    WARNING,
    /** Blocks reads or writes of an existing table for longer than a catalog change, or breaks the previous release. */
    ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

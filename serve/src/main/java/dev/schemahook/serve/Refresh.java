package dev.schemahook.serve;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What one successful read of the database found, in the form the HTTP service answers with: the documents are
 * rendered once per refresh, so a request or a scrape never touches the database.
 *
 * @param at when the database was read
 * @param version the current applied version, empty when nothing is applied
 * @param description that version's description
 * @param migrations how many migrations are in each state: applied, pending, future, failed
 * @param lastMigration when the last successful migration was installed, empty when none was
 * @param statusJson the {@code /api/v1/status} document
 * @param drift the comparison with the snapshot; empty when serve has no snapshot
 */
public record Refresh(Instant at, Optional<String> version, String description, Map<String, Integer> migrations,
                      Optional<Instant> lastMigration, String statusJson, Optional<Drift> drift) {
    /** The states {@code schemahook_migrations} always reports, 0 when none. */
    public static final String[] STATES = {"applied", "pending", "future", "failed"};
    /** The kinds of difference {@code schemahook_drift_differences} reports. */
    public static final String[] KINDS = {"missing", "unexpected", "changed"};

    /**
     * The database against the snapshot.
     *
     * @param comparable whether the database is at the snapshot's version (otherwise there are no differences to count)
     * @param differences how many differences of each kind: missing, unexpected, changed
     * @param httpStatus 200, or 409 when the database is not at the snapshot's version
     * @param json the {@code /api/v1/drift} document
     */
    public record Drift(boolean comparable, Map<String, Integer> differences, int httpStatus, String json) {
    }
}

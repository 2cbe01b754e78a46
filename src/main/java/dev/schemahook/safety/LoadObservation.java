package dev.schemahook.safety;

import java.util.List;

/**
 * What {@code analyze --load} saw while one migration ran: how long the reader and the writer waited and for what,
 * what the migration itself waited for, and whether it would get its locks within lock_timeout and the retries.
 *
 * @param tables the existing tables the migration names, which the sessions read, wrote and held
 * @param reader the session that ran {@code SELECT} on those tables in a loop
 * @param writer the session that ran {@code UPDATE} of one row of each in a loop
 * @param migrationWaitMs the longest the migration's statements waited for a lock, in milliseconds
 * @param migrationWaitedFor what the migration waited for then (the long read transaction, the writer...), or null
 * @param migrationWaitLine the line of the statement that waited, 0 if none did
 * @param withinLockTimeout whether the migration got every lock without waiting for the long read transaction and
 *                          within lock_timeout: false means that, behind a transaction as long as production's, it
 *                          would hit lock_timeout
 * @param verdict one sentence on lock_timeout and the retries, for the reports
 * @param traced the locks a migration that runs outside a transaction (CONCURRENTLY) held or waited for, seen from
 *               another session: {@code SHARE UPDATE EXCLUSIVE on public.orders (line 3)}
 */
public record LoadObservation(List<String> tables, SessionWait reader, SessionWait writer, long migrationWaitMs,
                              String migrationWaitedFor, int migrationWaitLine, boolean withinLockTimeout, String verdict,
                              List<String> traced) {

    /** For a migration that names no existing table: there is nothing for the sessions to read, write or hold. */
    static LoadObservation none() {
        return new LoadObservation(List.of(), null, null, 0, null, 0, true, "names no existing table: no load", List.of());
    }

    /**
     * One of the two sessions that worked on the tables during the migration.
     *
     * @param queries how many statements it ran
     * @param maxWaitMs the longest one took, in milliseconds (waiting for a lock, or running)
     * @param blockedBy what it was seen waiting for during that statement (a line of the migration), or null when
     *                  it was never seen waiting
     * @param errors statements that failed (a column the migration dropped, ...), not counting the cancel at the end
     */
    public record SessionWait(long queries, long maxWaitMs, String blockedBy, long errors) {
    }
}

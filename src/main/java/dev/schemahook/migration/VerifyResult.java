package dev.schemahook.migration;

import java.util.List;

/**
 * What {@code verify} found: each step on a throwaway database, and the migrations it applied.
 *
 * @param database where it ran, e.g. {@code embedded PostgreSQL 16.9}
 * @param locations the migration folders it checked
 * @param steps the steps in the order they ran; a failed step ends the run
 * @param migrations the migrations applied from the empty database
 * @param success whether every step passed
 * @param exitCode the exit code of the first failed step, or 0
 */
public record VerifyResult(String database, List<String> locations, List<Step> steps, List<MigrationRecord> migrations,
                           boolean success, int exitCode) {

    /**
     * One step of the check.
     *
     * @param name what the step checks, as a sentence
     * @param success whether it passed
     * @param detail what it found, or why it failed
     * @param millis how long it took
     */
    public record Step(String name, boolean success, String detail, long millis) {
    }
}

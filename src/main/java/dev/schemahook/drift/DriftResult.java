package dev.schemahook.drift;

import java.util.List;

/**
 * What {@code drift} found.
 *
 * @param snapshot the snapshot file compared against
 * @param database the database read, safe to print
 * @param schemaVersion the version both are at
 * @param objectsCompared how many objects the snapshot and the database hold together, the ignored ones excluded
 * @param ignored the ignore patterns in effect
 * @param differences every difference, sorted by object
 */
public record DriftResult(String snapshot, String database, String schemaVersion, int objectsCompared, List<String> ignored,
                          List<Difference> differences) {
    public boolean drifted() {
        return !differences.isEmpty();
    }
}

package dev.schemahook.migration;

/**
 * One migration as a result reports it; field names follow Flyway's JSON output.
 *
 * @param category Versioned, Repeatable or Baseline
 * @param version the version, empty for repeatable migrations
 * @param description the description from the file name
 * @param type SQL, JDBC or BASELINE
 * @param filepath the file in the image, when the image has it
 * @param state Flyway's state name (Success, Pending, Failed, Future, Missing, ...)
 * @param checksum the checksum recorded in the database, or of the file when not applied
 * @param installedOnUTC when it was applied, ISO-8601 in UTC
 * @param installedBy the database user that applied it
 * @param executionTime how long it took, in milliseconds
 * @param phase {@code pre} or {@code post} (post-deployment) for a versioned migration whose file is in the image;
 *        null otherwise
 */
public record MigrationRecord(
        String category,
        String version,
        String description,
        String type,
        String filepath,
        String state,
        Integer checksum,
        String installedOnUTC,
        String installedBy,
        Integer executionTime,
        String phase) {

    /** A migration without a known phase. */
    public MigrationRecord(String category, String version, String description, String type, String filepath,
                           String state, Integer checksum, String installedOnUTC, String installedBy,
                           Integer executionTime) {
        this(category, version, description, type, filepath, state, checksum, installedOnUTC, installedBy,
                executionTime, null);
    }

    /** This record with its phase. */
    public MigrationRecord withPhase(String phase) {
        return new MigrationRecord(category, version, description, type, filepath, state, checksum, installedOnUTC,
                installedBy, executionTime, phase);
    }
}

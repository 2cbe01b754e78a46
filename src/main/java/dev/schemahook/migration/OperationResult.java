package dev.schemahook.migration;

import java.util.List;

/**
 * What one command did; the renderers in report/ print it as text, JSON or Markdown. Field names follow Flyway's JSON
 * output so tooling written for Flyway can read it.
 *
 * @param operation the command: migrate, info, validate, baseline, repair, await
 * @param database host, port and database name
 * @param schemaName the schema holding the history table
 * @param initialSchemaVersion the version before the command ran
 * @param targetSchemaVersion the version after it ran
 * @param migrationsExecuted how many migrations it applied
 * @param migrations the migrations it applied (migrate) or all of them (info, validate)
 * @param success whether the command succeeded
 * @param warnings what the user should know, e.g. migrations newer than this image
 */
public record OperationResult(
        String operation,
        String database,
        String schemaName,
        String initialSchemaVersion,
        String targetSchemaVersion,
        int migrationsExecuted,
        List<MigrationRecord> migrations,
        boolean success,
        List<String> warnings) {
}

package dev.schemahook.migration;

import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a migration file is post-deployment: one of its leading comment lines (before the first line of SQL) is
 * {@code -- schemahook:post-deploy}. A comment leaves the file valid for the Flyway CLI, which applies it like any other.
 */
public final class PostDeployMarker {
    public static final String MARKER = "-- schemahook:post-deploy";

    private PostDeployMarker() {
    }

    /** The usage error of a repeatable migration that carries the marker: it is applied whenever it changes. */
    static SchemahookException onRepeatable(Path location) {
        return new SchemahookException(ExitCode.USAGE, "repeatable migration " + location + " carries " + MARKER
                + ", which only versioned migrations may carry: a repeatable one is applied whenever it changes;"
                + " remove the marker or make it a versioned migration");
    }

    /** Reads only the leading comment lines: a large data migration is not read to its end. */
    public static boolean isPostDeploy(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.replace("\uFEFF", "").strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!trimmed.startsWith("--")) {
                    return false;
                }
                if (trimmed.equals(MARKER)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            throw new SchemahookException(ExitCode.USAGE, "cannot read migration " + file + " to find its "
                    + MARKER + " marker: " + e.getMessage() + "; check the file's permissions and encoding (UTF-8)", e);
        }
    }
}

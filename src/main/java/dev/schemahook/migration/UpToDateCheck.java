package dev.schemahook.migration;

import dev.schemahook.config.MigrationConfig;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.filesystem.FileSystemResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the runner reads from the schema history without starting Flyway. Mainly the common case of every release: the database already holds exactly this
 * image's migrations. It reads the migration files and the schema history and says "up to date" only when every file
 * is applied successfully with the same checksum and description, and every history row is one of those files or a
 * future migration. Anything else, however harmless, returns empty and Flyway decides, so this check can only make
 * a run faster, never different.
 */
final class UpToDateCheck {
    private static final String FILESYSTEM = "filesystem:";

    /** What the check found: the schema is current at {@code version}, possibly with newer (future) migrations. */
    record UpToDate(String version, List<String> futureVersions) {
    }

    private UpToDateCheck() {
    }

    static Optional<UpToDate> check(Connection connection, MigrationConfig config, String[] locations, String schema) {
        if (config.target().isPresent() || config.outOfOrder()) {
            return Optional.empty();
        }
        try {
            if (!tableExists(connection, schema, config.table())) {
                return Optional.empty(); // a new database: checksumming the files would be wasted
            }
            Optional<List<MigrationFile>> files = migrationFiles(locations);
            if (files.isEmpty()) {
                return Optional.empty();
            }
            return compare(files.get(), history(connection, schema, config.table()));
        } catch (SQLException | UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<UpToDate> compare(List<MigrationFile> files, List<HistoryRow> history) {
        Map<MigrationVersion, HistoryRow> versioned = new HashMap<>();
        Map<String, HistoryRow> latestRepeatable = new HashMap<>();
        for (HistoryRow row : history) {
            if (row.type.equals("SCHEMA")) {
                continue; // Flyway's marker that it created the schema
            }
            if (!row.success || !row.type.equals("SQL")) {
                return Optional.empty(); // failed entries, baselines, Java migrations, deletions: Flyway's call
            }
            if (row.version == null) {
                latestRepeatable.put(row.description, row);
            } else if (versioned.put(MigrationVersion.fromVersion(row.version), row) != null) {
                return Optional.empty();
            }
        }
        // Names first: a release that brings a new migration is told apart without reading a single file.
        for (MigrationFile file : files) {
            HistoryRow row = file.version == null ? latestRepeatable.get(file.description) : versioned.get(file.version);
            if (row == null || !row.description.equals(file.description)) {
                return Optional.empty(); // pending or renamed
            }
        }
        MigrationVersion newestFile = MigrationVersion.EMPTY;
        for (MigrationFile file : files) {
            HistoryRow row = file.version == null ? latestRepeatable.remove(file.description) : versioned.remove(file.version);
            if (row == null || row.checksum == null || row.checksum != file.checksum()) {
                return Optional.empty(); // edited, or the same version twice
            }
            if (file.version != null && file.version.compareTo(newestFile) > 0) {
                newestFile = file.version;
            }
        }
        if (!latestRepeatable.isEmpty()) {
            return Optional.empty(); // an applied repeatable migration the image no longer has
        }
        List<String> future = new ArrayList<>();
        for (MigrationVersion applied : versioned.keySet()) {
            if (applied.compareTo(newestFile) < 0) {
                return Optional.empty(); // missing: applied, older than the newest file, not in the image
            }
            future.add(applied.getVersion());
        }
        future.sort((a, b) -> MigrationVersion.fromVersion(a).compareTo(MigrationVersion.fromVersion(b)));
        String current = future.isEmpty() ? newestFile.getVersion() : future.get(future.size() - 1);
        return Optional.of(new UpToDate(newestFile == MigrationVersion.EMPTY && future.isEmpty() ? null : current, future));
    }

    /**
     * The applied versions newer than every versioned migration of the image (Flyway's "future"), read from file names
     * and the history alone: no checksums, so it costs one query however many migrations there are.
     */
    static List<String> futureVersions(Connection connection, MigrationConfig config, String[] locations, String schema)
            throws SQLException {
        if (!tableExists(connection, schema, config.table())) {
            return List.of();
        }
        MigrationVersion newest = MigrationVersion.EMPTY;
        for (String location : locations) {
            try (Stream<Path> walk = Files.walk(Path.of(location.substring(FILESYSTEM.length())))) {
                for (Path path : walk.filter(Files::isRegularFile).toList()) {
                    MigrationVersion version = MigrationFile.versionOf(path.getFileName().toString());
                    if (version != null && version.compareTo(newest) > 0) {
                        newest = version;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<MigrationVersion> future = new ArrayList<>();
        for (HistoryRow row : history(connection, schema, config.table())) {
            if (row.success && row.version != null && !row.type.equals("SCHEMA")) {
                MigrationVersion version = MigrationVersion.fromVersion(row.version);
                if (version.compareTo(newest) > 0) {
                    future.add(version);
                }
            }
        }
        return future.stream().sorted().map(MigrationVersion::getVersion).toList();
    }

    /** The image's SQL migrations; empty when a file is anything but a plain versioned or repeatable migration. */
    private static Optional<List<MigrationFile>> migrationFiles(String[] locations) {
        List<MigrationFile> files = new ArrayList<>();
        for (String location : locations) {
            Path root = Path.of(location.substring(FILESYSTEM.length()));
            Location flywayLocation = new Location(location);
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path path : paths) {
                Optional<MigrationFile> file = MigrationFile.of(path, flywayLocation);
                if (file.isEmpty()) {
                    return Optional.empty(); // callbacks, script configuration, undo files, anything unusual
                }
                files.add(file.get());
            }
        }
        return Optional.of(files);
    }

    private static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        try (ResultSet tables = metaData.getTables(null, schema, table, null)) {
            return tables.next();
        }
    }

    private static List<HistoryRow> history(Connection connection, String schema, String table) throws SQLException {
        String sql = "SELECT version, description, type, checksum, success FROM " + quote(schema) + "." + quote(table)
                + " ORDER BY installed_rank";
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                int checksum = result.getInt(4);
                rows.add(new HistoryRow(result.getString(1), result.getString(2), result.getString(3),
                        result.wasNull() ? null : checksum, result.getBoolean(5)));
            }
        }
        return rows;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private record HistoryRow(String version, String description, String type, Integer checksum, boolean success) {
    }

    /** One migration file, named as Flyway names them by default: V1_2__description.sql or R__description.sql. */
    private record MigrationFile(MigrationVersion version, String description, Path path, Location location) {
        /** Flyway's checksum of the file, read when asked for. */
        int checksum() {
            return ChecksumCalculator.calculate(new FileSystemResource(location, path.toString(), StandardCharsets.UTF_8, false));
        }

        /** The version of a file named V&lt;version&gt;__&lt;description&gt;.sql, else null. */
        static MigrationVersion versionOf(String name) {
            if (!name.startsWith("V") || !name.endsWith(".sql") || name.indexOf("__") < 2) {
                return null;
            }
            try {
                return MigrationVersion.fromVersion(name.substring(1, name.indexOf("__")).replace('_', '.'));
            } catch (RuntimeException e) {
                return null; // not a version: Flyway's own naming check reports the file
            }
        }

        static Optional<MigrationFile> of(Path path, Location location) {
            String name = path.getFileName().toString();
            if (!name.endsWith(".sql") || !name.contains("__")) {
                return Optional.empty();
            }
            String prefix = name.substring(0, name.indexOf("__"));
            String description = name.substring(name.indexOf("__") + 2, name.length() - ".sql".length()).replace('_', ' ');
            MigrationVersion version = versionOf(name);
            if (version == null && !prefix.equals("R")) {
                return Optional.empty();
            }
            return Optional.of(new MigrationFile(version, description, path, location));
        }
    }
}

package dev.schemahook.migration;

import dev.schemahook.config.MigrationConfig;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.filesystem.FileSystemResource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the runner reads from the schema history without starting Flyway. Mainly the common case of every release: the
 * database already holds exactly this image's migrations. It finds the files as Flyway's scanner does and says "up to
 * date" only when every migration is applied successfully with the same checksum and description, and every history
 * row is one of them or a future migration. Anything else returns empty and Flyway decides. The differential tests
 * (UpToDateCheckAgreesWithFlywayIT, UpToDateAgreesWithFlywayIT) hold every answer to Flyway's own decision.
 */
final class UpToDateCheck {
    private static final String FILESYSTEM = "filesystem:";
    private static final String SQL_SUFFIX = ".SQL";
    /**
     * Names Flyway reads besides SQL migrations, compared upper-case: per-script configuration (which can change a
     * file's encoding, so its checksum) and script migrations (ScriptMigrationResolver: cmd, bat, ps1, py, sh, bash).
     */
    private static final List<String> OTHER_FLYWAY_SUFFIXES = List.of(".CONF", ".CMD", ".BAT", ".PS1", ".PY", ".SH", ".BASH");
    /** Deeper than this is a link cycle, which the full run reports; nobody nests migrations this deep. */
    private static final int MAX_DEPTH = 32;

    /** What the check found: the schema is current at {@code version}, possibly with newer (future) migrations. */
    record UpToDate(String version, List<String> futureVersions) {
    }

    private UpToDateCheck() {
    }

    /**
     * The options the early answer leaves to Flyway: with any of them set it answers nothing. Every other option of
     * migrate and await is either handled here or has no say in whether the database is current (see
     * UpToDateOptionsGuardTest, which fails when an option is added to neither list).
     */
    static boolean sentToFullRun(MigrationConfig config) {
        return config.target().isPresent() || config.outOfOrder();
    }

    static Optional<UpToDate> check(Connection connection, MigrationConfig config, String[] locations, String schema) {
        if (sentToFullRun(config)) {
            return Optional.empty();
        }
        try {
            if (!tableExists(connection, schema, config.table())) {
                return Optional.empty(); // a new database: checksumming the files would be wasted
            }
            if (!schemasExist(connection, config.schemas())) {
                return Optional.empty(); // Flyway creates a dropped schema again
            }
            Optional<List<MigrationFile>> files = migrationFiles(locations);
            if (files.isEmpty()) {
                return Optional.empty();
            }
            return compare(files.get(), history(connection, schema, config.table()));
        } catch (SQLException | RuntimeException e) {
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
            for (File file : FlywayFiles.scan(location)) {
                Optional<MigrationFile> migration = MigrationFile.of(file, null);
                MigrationVersion version = migration.map(MigrationFile::version).orElse(null);
                if (version != null && version.compareTo(newest) > 0) {
                    newest = version;
                }
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

    /**
     * The image's SQL migrations; empty when a file Flyway reads is anything but a plain versioned or repeatable SQL
     * migration (callbacks, script configuration, script migrations, names Flyway rejects). Files Flyway never reads
     * (README.md, .gitkeep, anything without a suffix Flyway knows) are passed over, as Flyway passes over them.
     */
    private static Optional<List<MigrationFile>> migrationFiles(String[] locations) {
        List<MigrationFile> files = new ArrayList<>();
        for (String location : locations) {
            Location flywayLocation = new Location(location);
            for (File file : FlywayFiles.scan(location)) {
                String upperCase = file.getName().toUpperCase(Locale.ROOT);
                if (OTHER_FLYWAY_SUFFIXES.stream().anyMatch(upperCase::endsWith)) {
                    return Optional.empty();
                }
                if (!upperCase.endsWith(SQL_SUFFIX)) {
                    continue;
                }
                Optional<MigrationFile> migration = MigrationFile.of(file, flywayLocation);
                if (migration.isEmpty()) {
                    return Optional.empty();
                }
                files.add(migration.get());
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

    private static boolean schemasExist(Connection connection, List<String> schemas) throws SQLException {
        if (schemas.isEmpty()) {
            return true;
        }
        String sql = "SELECT count(*) FROM pg_namespace WHERE nspname = ANY (?)";
        try (var statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getInt(1) == schemas.stream().distinct().count();
            }
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

    /** The files of a location as Flyway 12's FileSystemScanner finds them. */
    static final class FlywayFiles {
        private FlywayFiles() {
        }

        /**
         * Every readable file under the folder, links followed, hidden folders skipped and hidden files kept, as
         * FileSystemScanner.findResourceNamesFromFileSystem does (java.io.File: canRead, isDirectory, isHidden).
         * Skipping hidden folders is what makes a ConfigMap mount (..data, ..2026_11_30_...) hold each file once.
         */
        static List<File> scan(String location) {
            List<File> files = new ArrayList<>();
            collect(new File(location.substring(FILESYSTEM.length())), files, 0);
            return files;
        }

        private static void collect(File folder, List<File> files, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException("folders nested deeper than " + MAX_DEPTH + ": " + folder);
            }
            File[] children = folder.listFiles();
            if (children == null) {
                throw new IllegalStateException("cannot list " + folder); // Flyway reports it
            }
            Arrays.sort(children);
            for (File child : children) {
                if (!child.canRead()) {
                    continue;
                }
                if (child.isDirectory()) {
                    if (!child.isHidden()) {
                        collect(child, files, depth + 1);
                    }
                } else {
                    files.add(child);
                }
            }
        }
    }

    /**
     * One SQL migration, its name read as Flyway's ResourceNameParser reads it with the default prefixes and
     * separator: V&lt;version&gt;[__&lt;description&gt;].sql or R__&lt;description&gt;.sql, the suffix in any case.
     */
    private record MigrationFile(MigrationVersion version, String description, File file, Location location) {
        /** Flyway's checksum of the file, read when asked for. */
        int checksum() {
            return ChecksumCalculator.calculate(new FileSystemResource(location, file.getPath(), StandardCharsets.UTF_8, false));
        }

        /** The migration a file with the SQL suffix names; empty for callbacks and names Flyway rejects. */
        static Optional<MigrationFile> of(File file, Location location) {
            String name = file.getName();
            if (!name.toUpperCase(Locale.ROOT).endsWith(SQL_SUFFIX)) {
                return Optional.empty();
            }
            String stem = name.substring(0, name.length() - SQL_SUFFIX.length());
            String rest = stem.substring(1);
            int separator = rest.indexOf("__");
            String before = separator < 0 ? rest : rest.substring(0, separator);
            String description = separator < 0 ? "" : rest.substring(separator + 2).replace('_', ' ');
            if (stem.startsWith("R") && separator == 0 && !description.isEmpty()) {
                return Optional.of(new MigrationFile(null, description, file, location));
            }
            if (!stem.startsWith("V") || before.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new MigrationFile(MigrationVersion.fromVersion(before), description, file, location));
            } catch (RuntimeException e) {
                return Optional.empty(); // not a version: Flyway's own naming check reports the file
            }
        }
    }
}

package dev.schemahook.testing;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Flyway's own API on a {@link MigrationScenario}: lays out the folder as the scenario mounts it, leaves the history
 * earlier releases left, and says what Flyway decides on the release under test. Flyway is configured as the runner
 * configures it (FlywayFactory): the same table, placeholders, schemas, target and out-of-order, naming validated.
 */
public final class FlywayOracle {
    /** The table a callback of the generated folders creates; it exists after a run only when a callback ran. */
    public static final String CALLBACK_MARKER = "callback_ran";
    private static final Set<MigrationState> NOT_YET_APPLIED = EnumSet.of(MigrationState.PENDING, MigrationState.IGNORED,
            MigrationState.OUTDATED, MigrationState.FAILED);
    private static final Set<MigrationState> FUTURE = EnumSet.of(MigrationState.FUTURE_SUCCESS, MigrationState.FUTURE_FAILED);

    private final TestDatabase database;
    private final MigrationScenario scenario;
    private final Path mount;
    private final Path store;
    private int releases;

    private FlywayOracle(TestDatabase database, MigrationScenario scenario, Path work) {
        this.database = database;
        this.scenario = scenario;
        this.mount = work.resolve("migrations");
        this.store = work.resolve("store");
    }

    /** Lays out each earlier release and applies it with Flyway, then lays out the release under test. */
    public static FlywayOracle prepare(TestDatabase database, MigrationScenario scenario, Path work) {
        FlywayOracle oracle = new FlywayOracle(database, scenario, work);
        for (MigrationScenario.Step step : scenario.history()) {
            if (step instanceof MigrationScenario.Applied applied) {
                oracle.mountRelease(applied.files());
                oracle.flyway(false).load().migrate();
            } else if (step instanceof MigrationScenario.ByHand byHand) {
                database.execute(oracle.withSchemas(byHand.sql()));
            } else if (step instanceof MigrationScenario.Baseline baseline) {
                oracle.flyway(false).baselineVersion(MigrationVersion.fromVersion(baseline.version())).load().baseline();
            }
        }
        oracle.mountRelease(scenario.release());
        return oracle;
    }

    /** The --locations value of the release under test. */
    public String location() {
        return "filesystem:" + mount.toAbsolutePath();
    }

    /** The first schema, which holds the history; the database's default schema when none is configured. */
    public String historySchema() {
        return scenario.schemas().isEmpty() ? "public" : scenario.schemas().get(0);
    }

    /** What Flyway's info() then migrate() make of the release under test; migrate changes the database. */
    public Decision decide() {
        database.execute("DROP TABLE IF EXISTS " + quote(historySchema()) + "." + CALLBACK_MARKER);
        List<List<String>> historyBefore = history();
        List<String> schemasBefore = schemas();
        Flyway flyway = flyway(true).load();
        boolean infoFailed = false;
        List<String> notYetApplied = List.of();
        List<String> future = List.of();
        String current = null;
        try {
            var info = flyway.info();
            MigrationInfo[] all = info.all();
            notYetApplied = Arrays.stream(all).filter(i -> NOT_YET_APPLIED.contains(i.getState())).map(FlywayOracle::label).toList();
            future = Arrays.stream(all).filter(i -> FUTURE.contains(i.getState())).map(FlywayOracle::label).toList();
            MigrationInfo latest = info.current();
            current = latest == null || latest.getVersion() == null ? null : latest.getVersion().getVersion();
        } catch (RuntimeException e) {
            infoFailed = true;
        }
        String error = null;
        int executed = 0;
        List<String> warnings = List.of();
        try {
            MigrateResult result = flyway.migrate();
            executed = result.migrationsExecuted;
            warnings = result.warnings == null ? List.of() : List.copyOf(result.warnings);
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        boolean callbackRan = database.tableExists(quote(historySchema()) + "." + CALLBACK_MARKER);
        return new Decision(infoFailed, notYetApplied, future, current, error, executed, warnings,
                !historyBefore.equals(history()) || !schemasBefore.equals(schemas()), callbackRan);
    }

    /**
     * Flyway's decision.
     *
     * @param infoFailed info() threw (a naming error, a folder Flyway cannot read)
     * @param notYetApplied migrations await waits for: pending, ignored, outdated, failed
     * @param future applied migrations newer than the folder's
     * @param current the schema's version by info()
     * @param migrateError migrate()'s failure, or null
     * @param executed how many migrations migrate() applied
     * @param warnings migrate()'s warnings
     * @param databaseChanged whether the history or the set of schemas changed
     * @param callbackRan whether a callback of the folder ran
     */
    public record Decision(boolean infoFailed, List<String> notYetApplied, List<String> future, String current,
                           String migrateError, int executed, List<String> warnings, boolean databaseChanged,
                           boolean callbackRan) {
        /** Nothing to do, for migrate and for await alike. */
        public boolean upToDate() {
            return !infoFailed && notYetApplied.isEmpty() && migrateError == null && executed == 0 && !databaseChanged
                    && !callbackRan;
        }
    }

    /** Every row of the history, as comparable text; empty without a history table. */
    public List<List<String>> history() {
        String table = quote(historySchema()) + ".flyway_schema_history";
        if (!database.tableExists(table)) {
            return List.of();
        }
        return database.query("SELECT installed_rank, version, description, type, script, checksum, success FROM "
                + table + " ORDER BY installed_rank");
    }

    /** The schemas of the scenario that exist. */
    public List<String> schemas() {
        return database.query("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%'"
                + " AND nspname <> 'information_schema' ORDER BY nspname").stream().map(row -> row.get(0)).toList();
    }

    private FluentConfiguration flyway(boolean withRunOptions) {
        FluentConfiguration configuration = Flyway.configure(FlywayOracle.class.getClassLoader())
                .dataSource(database.jdbcUrl(), database.server().adminUser(), database.server().adminPassword())
                .locations(location())
                .table("flyway_schema_history")
                .placeholders(scenario.placeholders())
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .connectRetries(0)
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
        if (!scenario.schemas().isEmpty()) {
            configuration.schemas(scenario.schemas().toArray(String[]::new));
        }
        if (withRunOptions) {
            configuration.outOfOrder(scenario.outOfOrder());
            scenario.targetVersion().ifPresent(configuration::target);
        }
        return configuration;
    }

    private String withSchemas(String sql) {
        return sql.replace("{app}", quote(historySchema()))
                .replace("{extra}", quote(scenario.schemas().size() > 1 ? scenario.schemas().get(1) : "extra"));
    }

    private static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    private static String label(MigrationInfo info) {
        return info.getVersion() == null ? "R " + info.getDescription() : info.getVersion().getVersion();
    }

    /** Puts a release's files where the scenario's layout puts them, replacing the previous release. */
    private void mountRelease(Map<String, String> files) {
        int release = ++releases;
        try {
            Path content = store.resolve("release-" + release);
            switch (scenario.layout()) {
                case PLAIN -> {
                    deleteContents(mount);
                    write(mount, files);
                }
                case LINKED_FOLDER -> {
                    write(content, files);
                    Files.createDirectories(mount.getParent());
                    Files.deleteIfExists(mount);
                    Files.createSymbolicLink(mount, content);
                }
                case LINKED_SUBFOLDERS -> {
                    write(content, files);
                    deleteContents(mount);
                    Files.createDirectories(mount);
                    try (Stream<Path> top = Files.list(content)) {
                        for (Path entry : top.toList()) {
                            if (Files.isDirectory(entry)) {
                                Files.createSymbolicLink(mount.resolve(entry.getFileName().toString()), entry);
                            } else {
                                Files.copy(entry, mount.resolve(entry.getFileName().toString()));
                            }
                        }
                    }
                }
                case LINKED_FILES -> {
                    write(content, files);
                    deleteContents(mount);
                    for (String file : files.keySet()) {
                        Path link = mount.resolve(file);
                        Files.createDirectories(link.getParent());
                        Files.createSymbolicLink(link, content.resolve(file));
                    }
                }
                case CONFIG_MAP -> switchConfigMap(files, release);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the kubelet's atomic writer does: a new timestamped folder, ..data switched to it, the old one removed. */
    private void switchConfigMap(Map<String, String> files, int release) throws IOException {
        Files.createDirectories(mount);
        String timestamped = String.format("..2026_11_30_15_%02d_00.%09d", release, 123456789 + release);
        write(mount.resolve(timestamped), files);
        Path next = mount.resolve("..data_tmp");
        Files.createSymbolicLink(next, Path.of(timestamped));
        Path data = mount.resolve("..data");
        Path previous = Files.isSymbolicLink(data) ? mount.resolve(Files.readSymbolicLink(data)) : null;
        Files.move(next, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        List<String> names = files.keySet().stream().map(file -> file.split("/")[0]).distinct().toList();
        try (Stream<Path> entries = Files.list(mount)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith("..") && !names.contains(name)) {
                    Files.delete(entry);
                }
            }
        }
        for (String name : names) {
            Path link = mount.resolve(name);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("..data", name));
            }
        }
        if (previous != null) {
            deleteTree(previous);
        }
    }

    private static void write(Path folder, Map<String, String> files) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
    }

    private static void deleteContents(Path folder) throws IOException {
        if (!Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(folder);
            return;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                deleteTree(entry);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.isSymbolicLink(root) || !Files.isDirectory(root)) {
            Files.deleteIfExists(root);
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        paths.sort(Comparator.reverseOrder());
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}

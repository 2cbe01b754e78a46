package dev.schemahook.safety;

import dev.schemahook.migration.PostDeployMarker;

import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Watches Flyway apply the migrations on the throwaway database: a Flyway callback on the migration's own connection
 * that, around every statement Flyway executes, reads what the statement did before the commit: the locks its backend
 * holds ({@code pg_locks} for {@code pg_backend_pid()}), which existing relations got a new {@code relfilenode}, and
 * the lock_timeout in effect. Flyway decides the statements, their text and whether the migration runs in a
 * transaction; a migration Flyway runs in autocommit (CONCURRENTLY, ...) has its locks end with each statement, and
 * those are left to the static rules. Every query of its own starts with {@link #MARK}, so that a server log can tell
 * them from the migration's statements.
 */
final class LockObserver implements Callback {
    /** Starts every query the observer sends. */
    static final String MARK = "/* schemahook:observe */ ";
    private static final String RELATIONS = MARK + "SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname),"
            + " c.relkind::text, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";
    private static final String LOCKS = MARK + "SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid()"
            + " AND locktype = 'relation' AND granted";
    private static final Set<String> BLOCKING_MODES = Set.of("AccessExclusiveLock", "ExclusiveLock",
            "ShareRowExclusiveLock", "ShareLock");
    private static final Set<String> TABLE_KINDS = Set.of("r", "p", "m");
    private static final Set<Event> EVENTS = Set.of(Event.BEFORE_EACH_MIGRATE, Event.BEFORE_EACH_MIGRATE_STATEMENT,
            Event.AFTER_EACH_MIGRATE_STATEMENT, Event.AFTER_EACH_MIGRATE);

    /** Whether a migration is reported: not yet applied on the --against database (all, without one). */
    private final Predicate<MigrationInfo> reported;
    private final String lockTimeout;
    private final TableFiller filler;
    /** With --load: traffic on the tables each migration names while it runs; null without. */
    private final LoadSessions.Settings load;
    private final List<MigrationAnalysis> analyses = new ArrayList<>();
    private SQLException failure;
    private Current current;
    /** Findings decided outside the statements, by file: added to the migration's own when it next completes. */
    private final Map<String, List<Finding>> expected = new HashMap<>();

    LockObserver(Predicate<MigrationInfo> reported, String lockTimeout, TableFiller filler, LoadSessions.Settings load) {
        this.reported = reported;
        this.lockTimeout = lockTimeout;
        this.filler = filler;
        this.load = load;
    }

    /** Stops the load of a migration that failed or was stopped: its sessions must not outlive the analysis. */
    void stopLoad() {
        if (current != null && current.load != null) {
            current.load.stop();
        }
    }

    /** The tables that could not be given rows before the migration that ran last. */
    List<String> unfilled() {
        return current == null || current.unfilled == null ? List.of() : current.unfilled;
    }

    /** A relation as pg_class had it at one moment. */
    private record Relation(String name, String kind, long fileNode) {
    }

    /** The migration Flyway is applying, and what was seen of it so far. */
    private static final class Current {
        final MigrationInfo info;
        final String file;
        final boolean report;
        final boolean transactional;
        final FlywayScript split;
        final SqlScript written;
        final Map<Long, Relation> beforeMigration;
        final Set<String> held;
        final List<SqlStatement> statements = new ArrayList<>();
        final List<ObservedLock> locks = new ArrayList<>();
        final List<Rewrite> rewrites = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        /** Each existing table rewritten, and the lines of the statements that rewrote it. */
        final Map<String, Set<Integer>> tableRewrites = new java.util.LinkedHashMap<>();
        Map<Long, Relation> beforeStatement = Map.of();
        List<Finding> found = List.of();
        List<String> unfilled = List.of();
        long statementStarted;
        boolean ended;
        LoadSessions load;

        Current(MigrationInfo info, boolean report, boolean transactional, FlywayScript split, SqlScript written,
                Map<Long, Relation> beforeMigration, Set<String> held) {
            this.info = info;
            this.file = info.getPhysicalLocation() == null || info.getPhysicalLocation().isEmpty() ? info.getScript()
                    : Path.of(info.getPhysicalLocation()).getFileName().toString();
            this.report = report;
            this.transactional = transactional;
            this.split = split;
            this.written = written;
            this.beforeMigration = beforeMigration;
            this.held = held;
        }

        SqlStatement statement() {
            return statements.get(statements.size() - 1);
        }
    }

    /** The migrations Flyway applied, in order. */
    List<MigrationAnalysis> analyses() {
        return List.copyOf(analyses);
    }

    /**
     * The migration Flyway was applying when it stopped (its file, and the line of its last statement, 0 when no
     * statement ran), or null when the last one completed.
     */
    Interrupted interrupted() {
        if (current == null || current.ended) {
            return null;
        }
        return new Interrupted(current.file, current.statements.isEmpty() ? 0 : current.statement().line());
    }

    /** Where a migration stopped: its file name and the line of the statement that failed. */
    record Interrupted(String file, int line) {
    }

    /** Adds {@code finding} to the next completed run of the migration {@code file}, acknowledged as its others are. */
    void expect(String file, Finding finding) {
        expected.computeIfAbsent(file, f -> new ArrayList<>()).add(finding);
    }

    /** The observer's own query that failed, if one did: the throwaway database went away. */
    SQLException failure() {
        return failure;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return EVENTS.contains(event) && failure == null;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public String getCallbackName() {
        return "schemahook-analyze";
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        try {
            if (event == Event.BEFORE_EACH_MIGRATE) {
                begin(context, connection);
            } else if (current == null || !current.report) {
                return;
            } else if (event == Event.BEFORE_EACH_MIGRATE_STATEMENT) {
                beforeStatement(connection, context.getStatement().getSql());
            } else if (event == Event.AFTER_EACH_MIGRATE_STATEMENT) {
                afterStatement(connection);
            } else if (event == Event.AFTER_EACH_MIGRATE) {
                end(connection);
            }
        } catch (SQLException e) {
            // Flyway would wrap it as a failure of the migration; the analysis reports a lost database instead.
            failure = e;
            throw new IllegalStateException("the analysis lost the throwaway database: " + e.getMessage(), e);
        }
    }

    private void begin(Context context, Connection connection) throws SQLException {
        MigrationInfo info = context.getMigrationInfo();
        // A script or Java migration runs as migrate runs it; only SQL files (versioned, baseline, repeatable) are read.
        boolean report = reported.test(info) && isSql(info.getPhysicalLocation(), context.getConfiguration());
        boolean transactional = !connection.getAutoCommit();
        if (!report) {
            current = new Current(info, false, transactional, null, null, Map.of(), Set.of());
            current.ended = true;
            analyses.add(new MigrationAnalysis(version(info), info.getDescription(), current.file, false, transactional,
                    lockTimeout, List.of(), List.of(), List.of(), List.of(), null));
            return;
        }
        // On a connection of its own, committed before the migration's first statement: the rows are there as they
        // would be in production, and the migration's transaction holds no lock of theirs.
        List<String> unfilled;
        try (Connection own = context.getConfiguration().getDataSource().getConnection()) {
            unfilled = filler.fill(own);
        }
        String path = info.getPhysicalLocation();
        SqlScript written = SqlScript.parse(read(path));
        Map<Long, Relation> beforeMigration = relations(connection);
        Set<String> held = new LinkedHashSet<>();
        if (transactional) {
            // Flyway's own reads before the first statement (its history table) are not the migration's.
            locks(connection).forEach((oid, modes) -> modes.forEach(mode -> held.add(oid + "/" + mode)));
        }
        current = new Current(info, true, transactional, FlywayScript.parse(context.getConfiguration(), path), written,
                beforeMigration, held);
        current.unfilled = unfilled;
        if (load != null) {
            List<String> tables = named(written, beforeMigration);
            if (!tables.isEmpty()) {
                current.load = LoadSessions.start(context.getConfiguration().getDataSource(), tables,
                        backendPid(connection), transactional, load);
            }
        }
    }

    /** The existing tables the migration's SQL names: those its statements lock, and the application uses. */
    private static List<String> named(SqlScript script, Map<Long, Relation> existing) {
        Set<String> words = new java.util.HashSet<>();
        script.statements().forEach(s -> s.tokens().forEach(t -> {
            if (t.kind() == SqlToken.Kind.WORD) {
                words.add(t.text());
            } else if (t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER) {
                words.add(t.text());
                words.add(t.asRegclassPart());
            }
        }));
        return existing.values().stream().filter(r -> TABLE_KINDS.contains(r.kind()))
                .map(Relation::name).filter(name -> words.contains(name.substring(name.indexOf('.') + 1)))
                .sorted().toList();
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(MARK + "SELECT pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    private void beforeStatement(Connection connection, String sql) throws SQLException {
        int index = current.statements.size();
        SqlStatement statement = SqlScript.statement(sql, current.split.line(index));
        current.statements.add(statement);
        current.beforeStatement = relations(connection);
        current.found = new ArrayList<>(StaticAnalyzer.analyze(current.file, statement,
                catalog(connection, current.beforeMigration)));
        if (!current.transactional) {
            // In autocommit each statement commits at once: nothing else of the migration holds its rows.
            current.found.removeIf(f -> f.rule().equals(Rule.UNBATCHED_BACKFILL.id()));
        }
        if (current.load != null) {
            current.load.statementStarted(statement);
        }
        current.statementStarted = System.nanoTime();
    }

    private void afterStatement(Connection connection) throws SQLException {
        SqlStatement sql = current.statement();
        // Under --load the statement may have waited for the sessions' locks: that is not what it costs on the rows.
        long waited = current.load == null ? 0 : current.load.waitedNanos(sql.line());
        long tookMicros = Math.max(0, System.nanoTime() - current.statementStarted - waited) / 1_000;
        Map<Long, Relation> after = relations(connection);
        List<Rewrite> rewritten = rewrites(current.beforeMigration, current.beforeStatement, after, sql.line());
        List<ObservedLock> taken = current.transactional
                ? newLocks(connection, current.held, current.beforeMigration, current.beforeStatement, after, sql.line())
                : List.of();
        List<Finding> found = current.found;
        observe(current.file, sql, found, rewritten, taken, currentLockTimeout(connection));
        if (filler.rows() >= TIMED_ROWS) {
            timed(found, tookMicros, filler.rows());
        }
        current.rewrites.addAll(rewritten);
        Set<String> tables = new java.util.HashSet<>();
        after.values().stream().filter(r -> TABLE_KINDS.contains(r.kind())).forEach(r -> tables.add(r.name()));
        rewritten.stream().filter(r -> tables.contains(r.relation())).forEach(r -> current.tableRewrites
                .computeIfAbsent(r.relation(), t -> new LinkedHashSet<>()).add(r.line()));
        current.locks.addAll(taken);
        current.findings.addAll(found);
        if (current.load != null) {
            current.load.statementEnded(taken);
        }
    }

    private void end(Connection connection) throws SQLException {
        List<Finding> findings = new ArrayList<>(current.findings);
        List<Boolean> transactional = new ArrayList<>();
        for (int i = 0; i < current.statements.size(); i++) {
            transactional.add(current.split.transactional(i));
        }
        findings.addAll(StaticAnalyzer.concurrentlyInTransaction(current.file, current.statements, transactional));
        findings.addAll(StaticAnalyzer.concurrentlyIfNotExists(current.file, current.statements));
        current.tableRewrites.forEach((table, lines) -> {
            if (lines.size() > 1) {
                List<Integer> sorted = lines.stream().sorted().toList();
                findings.add(Finding.of(Rule.REPEATED_REWRITE, current.file, sorted.get(sorted.size() - 1), "rewrites "
                        + table + " " + sorted.size() + " times (lines " + String.join(", ", sorted.stream()
                        .map(String::valueOf).toList()) + "): one ALTER TABLE with all the changes rewrites it once"));
            }
        });
        findings.addAll(expected.getOrDefault(current.file, List.of()));
        expected.remove(current.file);
        findings.sort(Comparator.comparingInt(Finding::line));
        boolean postDeploy = PostDeployMarker.isPostDeploy(Path.of(current.info.getPhysicalLocation()));
        List<Finding> acknowledged = findings.stream().map(f -> postDeploy ? afterRollout(f) : f).map(f -> {
            SqlScript.Allowance allowance = current.written.allowance(f.rule());
            return allowance == null ? f : f.acknowledgedBecause(allowance.reason());
        }).toList();
        LoadObservation observed = current.load != null ? current.load.stop() : load != null ? LoadObservation.none()
                : null;
        analyses.add(new MigrationAnalysis(version(current.info), current.info.getDescription(), current.file, true,
                current.transactional, currentLockTimeout(connection), current.locks, current.rewrites, acknowledged,
                current.unfilled, observed));
        current.ended = true;
    }

    private static boolean isSql(String path, org.flywaydb.core.api.configuration.Configuration configuration) {
        return path != null && java.util.Arrays.stream(configuration.getSqlMigrationSuffixes()).anyMatch(path::endsWith);
    }

    /**
     * A drop in a post-deployment migration runs once the previous release's pods are gone, so nothing running reads
     * the dropped object any more: reported, not failed. Renames stay errors: the new pods still need the old name
     * written while the old ones run, which takes two releases even with phases.
     */
    private static Finding afterRollout(Finding finding) {
        if (!finding.rule().equals(Rule.DROP_COLUMN.id()) && !finding.rule().equals(Rule.DROP_TABLE.id())) {
            return finding;
        }
        return new Finding(finding.rule(), Severity.INFO, finding.migration(), finding.line(), finding.message()
                + ": in a post-deployment migration, which migrate --phase post runs after the rollout, when no pod of"
                + " the previous release reads it", finding.why(), finding.safeAlternative(), finding.acknowledged(),
                finding.reason());
    }

    private static String version(MigrationInfo info) {
        return info.getVersion() == null ? "" : info.getVersion().getVersion();
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchemahookException(ExitCode.USAGE, "cannot read migration " + path + ": " + e.getMessage()
                    + "; make the file readable", e);
        }
    }

    /** Turns what was observed into findings, and sharpens the static ones with it. */
    private static void observe(String file, SqlStatement sql, List<Finding> found, List<Rewrite> rewritten,
                                List<ObservedLock> taken, String lockTimeout) {
        String rewrote = String.join(", ", rewritten.stream().map(Rewrite::relation).toList());
        for (int i = 0; i < found.size(); i++) {
            Finding finding = found.get(i);
            if (finding.rule().equals(Rule.COLUMN_TYPE_CHANGE.id())) {
                found.set(i, rewritten.isEmpty()
                        ? new Finding(finding.rule(), Severity.INFO, file, finding.line(), finding.message()
                        + ": no rewrite observed (binary-compatible types), only a brief ACCESS EXCLUSIVE lock",
                        finding.why(), finding.safeAlternative(), false, null)
                        : new Finding(finding.rule(), finding.severity(), file, finding.line(), finding.message()
                        + ": rewrote " + rewrote, finding.why(), finding.safeAlternative(), false, null));
            }
        }
        for (int i = 0; i < found.size(); i++) {
            Finding finding = found.get(i);
            if (finding.rule().equals(Rule.INDEX_WITHOUT_CONCURRENTLY.id()) && sql.wordsAt(0, "drop", "index")
                    && !lockTimeout.equals("0")) {
                // Dropping an index is a catalog change: its ACCESS EXCLUSIVE is brief, and lock_timeout bounds the wait.
                found.set(i, new Finding(finding.rule(), Severity.WARNING, file, finding.line(), finding.message()
                        + "; brief, and lock_timeout " + lockTimeout + " bounds the wait", finding.why(),
                        finding.safeAlternative(), false, null));
            }
        }
        boolean explained = found.stream().anyMatch(f -> f.severity() != Severity.INFO);
        if (!rewritten.isEmpty() && !explained && !sql.word(0).equals("truncate")) {
            found.add(Finding.of(Rule.TABLE_REWRITE, file, sql.line(), "rewrote " + rewrote
                    + " (new relfilenode) under ACCESS EXCLUSIVE"));
            explained = true;
        }
        if (explained) {
            return;
        }
        List<ObservedLock> blocking = taken.stream().filter(ObservedLock::blocking).toList();
        if (blocking.isEmpty()) {
            return;
        }
        String what = String.join(", ", blocking.stream().map(l -> l.mode() + " on " + l.relation()).toList());
        if (lockTimeout.equals("0")) {
            found.add(Finding.of(Rule.LOCK_TIMEOUT_MISSING, file, sql.line(), "takes " + what
                    + " with lock_timeout 0: behind a long transaction, every query on the table waits"));
        } else {
            found.add(Finding.of(Rule.BLOCKING_LOCK, file, sql.line(), "takes " + what + " briefly; lock_timeout "
                    + lockTimeout + " bounds the wait"));
        }
    }

    /** From this many rows per table a statement's time says something about its cost per row; below, it is noise. */
    private static final int TIMED_ROWS = 100;
    /** Rules whose cost grows with the table: their statement's time on the filled tables is worth reporting. */
    private static final Set<String> PER_ROW = Set.of(Rule.COLUMN_TYPE_CHANGE.id(), Rule.TABLE_REWRITE.id(),
            Rule.UNBATCHED_BACKFILL.id(), Rule.SET_NOT_NULL.id(), Rule.CONSTRAINT_WITHOUT_NOT_VALID.id(),
            Rule.VOLATILE_DEFAULT.id(), Rule.INDEX_WITHOUT_CONCURRENTLY.id(), Rule.UNIQUE_WITHOUT_INDEX.id());

    /** Adds the statement's time on tables of at least {@code rows} rows, and that time per row. */
    private static void timed(List<Finding> found, long micros, int rows) {
        for (int i = 0; i < found.size(); i++) {
            Finding finding = found.get(i);
            if (PER_ROW.contains(finding.rule()) && finding.severity() != Severity.INFO) {
                found.set(i, finding.withMessage(finding.message() + String.format(java.util.Locale.ROOT,
                        " (took %.1f ms with %d rows in each existing table: %.2f µs per row)", micros / 1000.0, rows,
                        (double) micros / rows)));
            }
        }
    }

    private List<Rewrite> rewrites(Map<Long, Relation> beforeMigration, Map<Long, Relation> before,
                                   Map<Long, Relation> after, int line) {
        List<Rewrite> rewritten = new ArrayList<>();
        after.forEach((oid, relation) -> {
            Relation previous = before.get(oid);
            if (beforeMigration.containsKey(oid) && previous != null && previous.fileNode() != 0
                    && previous.fileNode() != relation.fileNode()) {
                rewritten.add(new Rewrite(relation.name(), line));
            }
        });
        rewritten.sort(Comparator.comparing(Rewrite::relation));
        return rewritten;
    }

    /** The relation locks the backend holds: oid to modes. */
    private static Map<Long, List<String>> locks(Connection connection) throws SQLException {
        Map<Long, List<String>> locks = new java.util.LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(LOCKS)) {
            while (result.next()) {
                locks.computeIfAbsent(result.getLong(1), oid -> new ArrayList<>()).add(result.getString(2));
            }
        }
        return locks;
    }

    private static List<ObservedLock> newLocks(Connection connection, Set<String> held, Map<Long, Relation> beforeMigration,
                                               Map<Long, Relation> before, Map<Long, Relation> after, int line)
            throws SQLException {
        List<ObservedLock> taken = new ArrayList<>();
        for (Map.Entry<Long, List<String>> lock : locks(connection).entrySet()) {
            long oid = lock.getKey();
            for (String mode : lock.getValue()) {
                Relation relation = after.getOrDefault(oid, before.getOrDefault(oid, beforeMigration.get(oid)));
                if (relation == null || !held.add(oid + "/" + mode)) {
                    continue;
                }
                boolean existing = beforeMigration.containsKey(oid);
                boolean blocking = existing && TABLE_KINDS.contains(relation.kind()) && BLOCKING_MODES.contains(mode);
                taken.add(new ObservedLock(relation.name(), modeName(mode), existing, blocking, line));
            }
        }
        taken.sort(Comparator.comparing(ObservedLock::relation).thenComparing(ObservedLock::mode));
        return taken;
    }

    /** {@code AccessExclusiveLock} as the documentation writes it: {@code ACCESS EXCLUSIVE}. */
    static String modeName(String mode) {
        return mode.replaceFirst("Lock$", "").replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(java.util.Locale.ROOT);
    }

    private static Map<Long, Relation> relations(Connection connection) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(RELATIONS)) {
            while (result.next()) {
                relations.put(result.getLong(1), new Relation(result.getString(2), result.getString(3), result.getLong(4)));
            }
        }
        return relations;
    }

    private static String currentLockTimeout(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(MARK + "SELECT current_setting('lock_timeout')")) {
            result.next();
            return result.getString(1);
        }
    }

    /** Answers the static rules from the live transaction; a malformed name counts as unknown, never as an error. */
    private static Catalog catalog(Connection connection, Map<Long, Relation> beforeMigration) {
        return new Catalog() {
            @Override
            public boolean existedBefore(String relation) {
                Long oid = query(connection, MARK + "SELECT to_regclass(?)::oid",
                        r -> r.getObject(1) == null ? null : r.getLong(1), relation);
                return oid != null && beforeMigration.containsKey(oid);
            }

            @Override
            public boolean isVolatileFunction(String name) {
                return Boolean.TRUE.equals(query(connection, MARK + "SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = ?"
                        + " AND provolatile = 'v')", r -> r.getBoolean(1), name));
            }

            @Override
            public boolean hasValidatedNotNullCheck(String table, String column) {
                return Boolean.TRUE.equals(query(connection, MARK + "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid ="
                        + " to_regclass(?) AND contype = 'c' AND convalidated AND replace(replace("
                        + "pg_get_constraintdef(oid), '(', ''), ')', '') = 'CHECK ' || quote_ident(?) || ' IS NOT NULL')",
                        r -> r.getBoolean(1), table, column));
            }

            @Override
            public boolean hasColumn(String table, String column) {
                return !Boolean.FALSE.equals(query(connection, MARK + "SELECT to_regclass(?) IS NULL OR EXISTS (SELECT 1"
                        + " FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ? AND attnum > 0 AND NOT"
                        + " attisdropped)", r -> r.getBoolean(1), table, table, column));
            }

            @Override
            public boolean holdsAccessExclusive(String table) {
                return Boolean.TRUE.equals(query(connection, MARK + "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid ="
                        + " pg_backend_pid() AND locktype = 'relation' AND relation = to_regclass(?) AND mode ="
                        + " 'AccessExclusiveLock' AND granted)", r -> r.getBoolean(1), table));
            }
        };
    }

    private interface Row<T> {
        T read(ResultSet result) throws SQLException;
    }

    /** A catalog query inside the migration's transaction, behind a savepoint: a failure must not abort the migration. */
    private static <T> T query(Connection connection, String sql, Row<T> row, String... parameters) {
        boolean savepoint = false;
        try {
            if (!connection.getAutoCommit()) {
                execute(connection, "SAVEPOINT schemahook_observe");
                savepoint = true;
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
                }
                try (ResultSet result = statement.executeQuery()) {
                    T value = result.next() ? row.read(result) : null;
                    if (savepoint) {
                        execute(connection, "RELEASE SAVEPOINT schemahook_observe");
                    }
                    return value;
                }
            }
        } catch (SQLException e) {
            try {
                if (savepoint) {
                    execute(connection, "ROLLBACK TO SAVEPOINT schemahook_observe");
                }
            } catch (SQLException ignored) {
                // The statement that follows reports a broken transaction.
            }
            return null;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(MARK + sql);
        }
    }
}

package dev.schemahook.safety;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies one migration on the throwaway database statement by statement, inside its own transaction, and observes
 * after each statement, before the commit: the locks its backend holds ({@code pg_locks} for
 * {@code pg_backend_pid()}), which existing relations got a new {@code relfilenode}, and the lock_timeout in effect.
 * A migration holding a statement that cannot run in a transaction (CONCURRENTLY, ...) runs in autocommit, as Flyway
 * runs it; its locks end with each statement and are left to the static rules.
 */
final class LockObserver {
    private static final String RELATIONS = "SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname),"
            + " c.relkind::text, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";
    private static final String LOCKS = "SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid()"
            + " AND locktype = 'relation' AND granted";
    private static final Set<String> BLOCKING_MODES = Set.of("AccessExclusiveLock", "ExclusiveLock",
            "ShareRowExclusiveLock", "ShareLock");
    private static final Set<String> TABLE_KINDS = Set.of("r", "p", "m");

    private final Connection connection;

    LockObserver(Connection connection) {
        this.connection = connection;
    }

    /** A relation as pg_class had it at one moment. */
    private record Relation(String name, String kind, long fileNode) {
    }

    /** A failure of the migration's own SQL, with the line of the statement. */
    static final class StatementFailed extends Exception {
        final int line;

        StatementFailed(int line, SQLException cause) {
            super(cause.getMessage(), cause);
            this.line = line;
        }
    }

    MigrationAnalysis apply(String version, String description, String file, SqlScript script, String lockTimeout,
                            boolean report) throws SQLException, StatementFailed {
        boolean transactional = script.statements().stream().noneMatch(StaticAnalyzer::isNonTransactional);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '" + lockTimeout + "'");
        }
        Map<Long, Relation> beforeMigration = relations();
        List<ObservedLock> locks = new ArrayList<>();
        List<Rewrite> rewrites = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Set<String> held = new LinkedHashSet<>();
        connection.setAutoCommit(!transactional);
        try {
            for (SqlStatement sql : script.statements()) {
                if (StaticAnalyzer.isTransactionControl(sql)) {
                    continue;
                }
                Map<Long, Relation> before = relations();
                List<Finding> found = new ArrayList<>(StaticAnalyzer.analyze(file, sql, script.statements(),
                        catalog(beforeMigration)));
                execute(sql);
                Map<Long, Relation> after = relations();
                List<Rewrite> rewritten = rewrites(beforeMigration, before, after, sql.line());
                List<ObservedLock> taken = transactional ? newLocks(held, beforeMigration, before, after, sql.line())
                        : List.of();
                String timeout = currentLockTimeout();
                observe(file, sql, found, rewritten, taken, timeout);
                rewrites.addAll(rewritten);
                locks.addAll(taken);
                findings.addAll(found);
            }
            if (transactional) {
                connection.commit();
            }
        } catch (SQLException | StatementFailed e) {
            if (transactional) {
                connection.rollback();
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        findings.sort(Comparator.comparingInt(Finding::line));
        List<Finding> acknowledged = findings.stream().map(f -> {
            SqlScript.Allowance allowance = script.allowance(f.rule());
            return allowance == null ? f : f.acknowledgedBecause(allowance.reason());
        }).toList();
        String finalTimeout = currentLockTimeout();
        return report
                ? new MigrationAnalysis(version, description, file, true, transactional, finalTimeout, locks, rewrites, acknowledged)
                : new MigrationAnalysis(version, description, file, false, transactional, finalTimeout, List.of(), List.of(), List.of());
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
        boolean explained = found.stream().anyMatch(f -> f.severity() == Severity.ERROR);
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

    private void execute(SqlStatement sql) throws StatementFailed {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute(sql.text());
        } catch (SQLException e) {
            throw new StatementFailed(sql.line(), e);
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

    private List<ObservedLock> newLocks(Set<String> held, Map<Long, Relation> beforeMigration, Map<Long, Relation> before,
                                        Map<Long, Relation> after, int line) throws SQLException {
        List<ObservedLock> taken = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(LOCKS)) {
            while (result.next()) {
                long oid = result.getLong(1);
                String mode = result.getString(2);
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

    private Map<Long, Relation> relations() throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(RELATIONS)) {
            while (result.next()) {
                relations.put(result.getLong(1), new Relation(result.getString(2), result.getString(3), result.getLong(4)));
            }
        }
        return relations;
    }

    private String currentLockTimeout() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_setting('lock_timeout')")) {
            result.next();
            return result.getString(1);
        }
    }

    /** Answers the static rules from the live transaction; a malformed name counts as unknown, never as an error. */
    private Catalog catalog(Map<Long, Relation> beforeMigration) {
        return new Catalog() {
            @Override
            public boolean existedBefore(String relation) {
                Long oid = query("SELECT to_regclass(?)::oid", relation, null, r -> r.getObject(1) == null ? null : r.getLong(1));
                return oid != null && beforeMigration.containsKey(oid);
            }

            @Override
            public boolean isVolatileFunction(String name) {
                return Boolean.TRUE.equals(query("SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = ?"
                        + " AND provolatile = 'v')", name, null, r -> r.getBoolean(1)));
            }

            @Override
            public boolean hasValidatedNotNullCheck(String table, String column) {
                return Boolean.TRUE.equals(query("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid ="
                        + " to_regclass(?) AND contype = 'c' AND convalidated AND replace(replace("
                        + "pg_get_constraintdef(oid), '(', ''), ')', '') = 'CHECK ' || quote_ident(?) || ' IS NOT NULL')",
                        table, column, r -> r.getBoolean(1)));
            }
        };
    }

    private interface Row<T> {
        T read(ResultSet result) throws SQLException;
    }

    private <T> T query(String sql, String first, String second, Row<T> row) {
        Savepoint savepoint = null;
        try {
            if (!connection.getAutoCommit()) {
                savepoint = connection.setSavepoint();
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, first);
                if (second != null) {
                    statement.setString(2, second);
                }
                try (ResultSet result = statement.executeQuery()) {
                    T value = result.next() ? row.read(result) : null;
                    if (savepoint != null) {
                        connection.releaseSavepoint(savepoint);
                    }
                    return value;
                }
            }
        } catch (SQLException e) {
            try {
                if (savepoint != null) {
                    connection.rollback(savepoint);
                }
            } catch (SQLException ignored) {
                // The statement that follows reports a broken transaction.
            }
            return null;
        }
    }
}

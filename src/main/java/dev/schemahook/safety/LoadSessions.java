package dev.schemahook.safety;

import dev.schemahook.config.Durations;
import dev.schemahook.error.Interruption;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code analyze --load}: traffic on the tables one migration names while it runs on the throwaway database. A reader
 * ({@code SELECT}) and a writer ({@code UPDATE} of one row) loop on their own connections, a third session stays idle
 * in a transaction that holds a snapshot and ACCESS SHARE on the tables from before the migration (a long read
 * transaction), and a monitor reads {@code pg_blocking_pids} every {@link #POLL} to see who waits for whom. The idle
 * transaction is ended {@link #hold} after the migration starts waiting for it, always below lock_timeout, so the
 * migration goes on and the analysis finishes; production's transaction might not end. Every wait is bounded: the
 * migration's end cancels the sessions' statements, and threads that do not stop within {@link #JOIN} lose their
 * connections.
 */
final class LoadSessions {
    private static final Logger LOG = Logger.getLogger(LoadSessions.class);
    /** Starts every statement the sessions send, so that a server log tells them from the migration's. */
    static final String MARK = "/* schemahook:load */ ";
    private static final Duration POLL = Duration.ofMillis(20);
    /** Between two statements of the reader or the writer: steady traffic without taking the machine's CPU. */
    private static final Duration PAUSE = Duration.ofMillis(10);
    /**
     * At the migration's end, how long the sessions get to meet the locks it still holds before its commit (and, at
     * the start, to run their first statements). A bound, not a wait: both end as soon as the sessions have met the
     * locks or run their rounds. A busy CI machine may take more than a second to schedule them, and a session that
     * has not tried its statement by the commit is reported as never blocked.
     */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration JOIN = Duration.ofSeconds(3);
    /** The longest the idle transaction keeps a migration waiting: production's could last for hours. */
    private static final Duration MAX_HOLD = Duration.ofSeconds(1);
    private static final Set<String> BLOCKS_READS = Set.of("ACCESS EXCLUSIVE");
    private static final Set<String> BLOCKS_WRITES = Set.of("SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE",
            "ACCESS EXCLUSIVE");
    private static final String BLOCKERS = MARK + "SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity"
            + " WHERE pid = ANY (?)";
    private static final String MIGRATION_LOCKS = MARK + "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname),"
            + " l.mode, l.granted FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n"
            + " ON n.oid = c.relnamespace WHERE l.pid = ? AND l.locktype = 'relation'"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";
    private static final String WRITABLE_COLUMN = MARK + "SELECT quote_ident(attname) FROM pg_attribute"
            + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''"
            + " AND attidentity <> 'a' ORDER BY attnum LIMIT 1";

    private final List<String> tables;
    private final int migrationPid;
    private final boolean transactional;
    private final Duration lockTimeout;
    private final int lockRetries;
    private final Duration waitTimeout;
    private final Duration hold;
    private final Session reader;
    private final Session writer;
    private final Connection idle;
    private final int idlePid;
    private final Connection monitorConnection;
    private final Thread monitor;
    private volatile boolean stopping;
    private volatile boolean idleReleased;

    /** The statement of the migration running now (0: between statements), and the first words of every one. */
    private volatile int statementLine;
    /** The line of the statement that ran last, for locks seen just as it started or ended. */
    private volatile int lastStatementLine;
    /** How long the migration was seen waiting for locks, by the line of the statement that waited. */
    private final Map<Integer, Long> waitedByLine = new ConcurrentHashMap<>();
    private final Map<Integer, String> statementHeads = new ConcurrentHashMap<>();
    private final List<ObservedLock> held = new CopyOnWriteArrayList<>();
    private final Set<String> traced = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

    // Written by the monitor thread only, read after it stopped.
    private long migrationWaitNanos;
    private long migrationWaitStart;
    private String migrationWaitedFor;
    private int migrationWaitLine;
    private boolean blockedByIdle;
    private long idleWaitStart;
    private long idleHeldNanos;

    private LoadSessions(DataSource dataSource, List<String> tables, int migrationPid, boolean transactional,
                         Duration lockTimeout, int lockRetries, Duration waitTimeout) throws SQLException {
        this.tables = tables;
        this.migrationPid = migrationPid;
        this.transactional = transactional;
        this.lockTimeout = lockTimeout;
        this.lockRetries = lockRetries;
        this.waitTimeout = waitTimeout;
        // Below lock_timeout, so the migration never fails because of the analysis' own transaction.
        this.hold = lockTimeout.isZero() ? MAX_HOLD : min(lockTimeout.dividedBy(2), MAX_HOLD);
        List<Connection> opened = new ArrayList<>();
        try {
            idle = open(dataSource, opened);
            idle.setAutoCommit(false);
            idle.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            idlePid = pid(idle);
            try (Statement statement = idle.createStatement()) {
                for (String table : tables) {
                    statement.execute(MARK + "SELECT 1 FROM " + table + " LIMIT 1");
                }
            }
            reader = new Session("reader", false, open(dataSource, opened));
            writer = new Session("writer", true, open(dataSource, opened));
            monitorConnection = open(dataSource, opened);
        } catch (SQLException | RuntimeException e) {
            opened.forEach(LoadSessions::closeQuietly);
            throw e;
        }
        monitor = daemon("schemahook-load-monitor", this::watch);
        reader.thread.start();
        writer.thread.start();
        monitor.start();
        // Both sessions are at work before the migration's first statement.
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while ((reader.rounds == 0 || writer.rounds == 0) && System.nanoTime() < deadline && pause(Duration.ofMillis(2))) {
            // waiting for the first round of each
        }
    }

    /** What the sessions need to know of the run: the migration's lock_timeout, its retries and the wait timeout. */
    record Settings(Duration lockTimeout, int lockRetries, Duration waitTimeout) {
    }

    /**
     * Starts the sessions on {@code tables} (quoted, schema-qualified) for the migration running on the backend
     * {@code migrationPid}.
     */
    static LoadSessions start(DataSource dataSource, List<String> tables, int migrationPid, boolean transactional,
                              Settings settings) throws SQLException {
        return new LoadSessions(dataSource, tables, migrationPid, transactional, settings.lockTimeout(),
                settings.lockRetries(), settings.waitTimeout());
    }

    /** The migration starts the statement at {@code line}. */
    void statementStarted(SqlStatement statement) {
        statementHeads.putIfAbsent(statement.line(), head(statement.text()));
        statementLine = statement.line();
        lastStatementLine = statement.line();
    }

    /**
     * How long the statement at {@code line} was seen waiting for a lock, to the monitor's resolution ({@link #POLL}):
     * its time without that wait is what the statement costs on the rows.
     */
    long waitedNanos(int line) {
        return waitedByLine.getOrDefault(line, 0L);
    }

    /** The statement finished and took {@code taken}, held until the commit. */
    void statementEnded(List<ObservedLock> taken) {
        held.addAll(taken);
        statementLine = 0;
    }

    /**
     * At the migration's end, before its commit: lets each session meet the locks the migration still holds, stops
     * them, ends the idle transaction and closes every connection. Returns what was seen.
     */
    LoadObservation stop() {
        if (!stopping) {
            long readerMark = reader.rounds;
            long writerMark = writer.rounds;
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (Interruption.signal().isEmpty() && System.nanoTime() < deadline
                    && !(reader.settled(readerMark) && writer.settled(writerMark)) && pause(Duration.ofMillis(5))) {
                // the sessions run into the migration's locks, or pass
            }
            stopping = true;
            // Their statements wait for the commit that follows this callback: cancelled, they count as waits until then.
            reader.cancel();
            writer.cancel();
            join(reader.thread);
            join(writer.thread);
            join(monitor);
            releaseIdle();
            for (Connection connection : List.of(reader.connection, writer.connection, monitorConnection, idle)) {
                closeQuietly(connection);
            }
        }
        boolean within = !blockedByIdle && (lockTimeout.isZero() || migrationWaitNanos < lockTimeout.toNanos());
        return new LoadObservation(tables, reader.result(), writer.result(), millis(migrationWaitNanos),
                migrationWaitedFor, migrationWaitLine, within, verdict(), List.copyOf(traced));
    }

    private String verdict() {
        String at = "line " + migrationWaitLine;
        if (blockedByIdle) {
            String held = "; analyze ended that transaction after " + millis(idleHeldNanos) + " ms";
            if (lockTimeout.isZero()) {
                return at + " waited for the long read transaction" + held + ": with lock_timeout 0 it would wait as"
                        + " long as that transaction lasts, and every reader and writer of the table would queue behind"
                        + " it; set --lock-timeout";
            }
            if (!transactional) {
                // Outside a transaction, a CREATE INDEX CONCURRENTLY that hits lock_timeout leaves its index behind.
                return at + " waited for the long read transaction's snapshot" + held + ": behind a transaction longer"
                        + " than lock_timeout " + Durations.format(lockTimeout) + " it hits lock_timeout and leaves an"
                        + " invalid index behind, which a retry must drop first; " + retries();
            }
            return at + " waited for the long read transaction" + held + ": behind a transaction longer than"
                    + " lock_timeout " + Durations.format(lockTimeout) + " it hits lock_timeout; " + retries()
                    + ", and during each attempt readers and writers of the table queue behind it";
        }
        if (migrationWaitedFor == null) {
            return "got every lock without waiting";
        }
        if (!lockTimeout.isZero() && migrationWaitNanos >= lockTimeout.toNanos()) {
            return at + " waited " + millis(migrationWaitNanos) + " ms for " + migrationWaitedFor
                    + ", not within lock_timeout " + Durations.format(lockTimeout);
        }
        return "got every lock within lock_timeout " + (lockTimeout.isZero() ? "0 (none)" : Durations.format(lockTimeout))
                + "; the longest wait was " + millis(migrationWaitNanos) + " ms, for " + migrationWaitedFor + " at " + at;
    }

    /**
     * How migrate's retries play out behind a transaction that does not end, as LockTimeoutRetry runs them: the first
     * attempt with lock_timeout, each retry after a backoff from 1 s doubling, with lock_timeout doubled (at most
     * twice the configured one), while the next attempt starts within the wait timeout.
     */
    private String retries() {
        if (lockRetries == 0) {
            return "--lock-retries 0: migrate fails after " + Durations.format(lockTimeout)
                    + " unless the transaction ends first";
        }
        Duration elapsed = lockTimeout;
        Duration backoff = Duration.ofSeconds(1);
        Duration retryTimeout = lockTimeout.multipliedBy(2);
        int attempts = 0;
        while (attempts < lockRetries && elapsed.plus(backoff).compareTo(waitTimeout) < 0) {
            elapsed = elapsed.plus(backoff).plus(retryTimeout);
            backoff = backoff.multipliedBy(2);
            attempts++;
        }
        return "migrate retries it " + attempts + " time" + (attempts == 1 ? "" : "s") + " (lock_timeout "
                + Durations.format(retryTimeout) + ", backoff from 1s doubling, within --wait-timeout "
                + Durations.format(waitTimeout) + "), so it gets its locks only if the transaction ends within about "
                + Durations.format(elapsed);
    }

    /** The monitor: who waits for whom, every POLL, until stopped. */
    private void watch() {
        try (PreparedStatement blockers = monitorConnection.prepareStatement(BLOCKERS);
             PreparedStatement locks = monitorConnection.prepareStatement(MIGRATION_LOCKS)) {
            Array pids = monitorConnection.createArrayOf("int4", new Object[] {migrationPid, reader.pid, writer.pid});
            blockers.setArray(1, pids);
            locks.setInt(1, migrationPid);
            while (!stopping) {
                Map<Integer, Set<Integer>> waiting = new HashMap<>();
                try (ResultSet result = blockers.executeQuery()) {
                    while (result.next()) {
                        Integer[] by = (Integer[]) result.getArray(2).getArray();
                        waiting.put(result.getInt(1), new LinkedHashSet<>(Arrays.asList(by)));
                    }
                }
                long now = System.nanoTime();
                Set<Integer> migrationBlockers = waiting.getOrDefault(migrationPid, Set.of());
                watchMigration(migrationBlockers, now);
                reader.observe(waiting.getOrDefault(reader.pid, Set.of()), migrationBlockers);
                writer.observe(waiting.getOrDefault(writer.pid, Set.of()), migrationBlockers);
                if (!transactional) {
                    trace(locks);
                }
                if (!pause(POLL)) {
                    return;
                }
            }
        } catch (SQLException e) {
            if (!stopping) {
                LOG.debugf("the load monitor stopped: %s", e.getMessage());
            }
        } finally {
            // Whatever happens to the monitor, the idle transaction must not keep the migration waiting.
            releaseIdle();
        }
    }

    private void watchMigration(Set<Integer> blockers, long now) {
        if (blockers.isEmpty()) {
            migrationWaitStart = 0;
            idleWaitStart = 0;
            return;
        }
        if (migrationWaitStart == 0) {
            migrationWaitStart = now;
        }
        long waited = now - migrationWaitStart;
        int line = statementLine;
        if (line > 0) {
            waitedByLine.merge(line, waited, Math::max);
        }
        if (waited >= migrationWaitNanos) {
            migrationWaitNanos = waited;
            migrationWaitedFor = describe(blockers);
            migrationWaitLine = statementLine;
        }
        if (blockers.contains(idlePid) && !idleReleased) {
            blockedByIdle = true;
            if (idleWaitStart == 0) {
                idleWaitStart = now;
            }
            if (now - idleWaitStart >= hold.toNanos()) {
                idleHeldNanos = now - idleWaitStart;
                releaseIdle();
            }
        }
    }

    private void trace(PreparedStatement locks) throws SQLException {
        try (ResultSet result = locks.executeQuery()) {
            int line = lastStatementLine;
            while (result.next()) {
                traced.add(LockObserver.modeName(result.getString(2)) + " on " + result.getString(1) + " (line " + line
                        + (result.getBoolean(3) ? "" : ", waited") + ")");
            }
        }
    }

    private String describe(Set<Integer> blockers) {
        List<String> names = new ArrayList<>();
        for (int pid : blockers) {
            if (pid == idlePid) {
                names.add("the long read transaction");
            } else if (pid == reader.pid) {
                names.add("the reader");
            } else if (pid == writer.pid) {
                names.add("the writer");
            } else {
                names.add("session " + pid);
            }
        }
        return String.join(", ", names);
    }

    /** What a session waits for: the migration's statement that holds (or is taking) the lock on {@code table}. */
    private String blame(Set<Integer> blockers, String table, boolean write, Set<Integer> migrationBlockers) {
        if (!blockers.contains(migrationPid)) {
            return describe(blockers);
        }
        int line = statementLine;
        if (line == 0) {
            Set<String> conflicting = write ? BLOCKS_WRITES : BLOCKS_READS;
            line = held.stream().filter(l -> l.relation().equals(table) && conflicting.contains(l.mode()))
                    .mapToInt(ObservedLock::line).findFirst().orElse(0);
        }
        String statement = line == 0 ? "the migration" : "line " + line + " (" + statementHeads.getOrDefault(line, "") + ")";
        return statement + (migrationBlockers.contains(idlePid)
                ? ", queued behind it while it waited for the long read transaction" : "");
    }

    private void releaseIdle() {
        synchronized (idle) {
            if (idleReleased) {
                return;
            }
            idleReleased = true;
            try {
                idle.rollback();
            } catch (SQLException e) {
                // Its connection is closed next; the server ends the transaction then.
            }
        }
    }

    /** The reader or the writer. */
    private final class Session {
        final String role;
        final boolean write;
        final Connection connection;
        final int pid;
        final Thread thread;
        final Map<String, String> updates = new HashMap<>();
        volatile Statement running;
        volatile String table;
        volatile String blockedBy;
        volatile boolean waiting;
        volatile long rounds;
        // Written by the session's thread, read after it ended.
        long queries;
        long errors;
        long maxWaitNanos;
        String maxBlockedBy;

        Session(String role, boolean write, Connection connection) throws SQLException {
            this.role = role;
            this.write = write;
            this.connection = connection;
            this.pid = pid(connection);
            this.thread = daemon("schemahook-load-" + role, this::work);
        }

        private void work() {
            while (!stopping && Interruption.signal().isEmpty()) {
                for (String name : tables) {
                    if (stopping) {
                        return;
                    }
                    String sql = write ? update(name) : "SELECT * FROM " + name + " LIMIT 1";
                    if (sql == null) {
                        continue;
                    }
                    blockedBy = null;
                    table = name;
                    long started = System.nanoTime();
                    try (Statement statement = connection.createStatement()) {
                        running = statement;
                        statement.execute(MARK + sql);
                    } catch (SQLException e) {
                        if (!stopping) {
                            errors++;
                            updates.remove(name);
                            LOG.debugf("the %s's statement on %s failed: %s", role, name, e.getMessage());
                        }
                    } finally {
                        running = null;
                    }
                    long took = System.nanoTime() - started;
                    queries++;
                    if (took > maxWaitNanos) {
                        maxWaitNanos = took;
                        maxBlockedBy = blockedBy;
                    }
                    waiting = false;
                    if (!pause(PAUSE)) {
                        return;
                    }
                }
                rounds++;
            }
        }

        /** {@code UPDATE} of one row, setting a column to itself: a row lock and ROW EXCLUSIVE, as an application's. */
        private String update(String name) {
            return updates.computeIfAbsent(name, t -> {
                try (PreparedStatement statement = connection.prepareStatement(WRITABLE_COLUMN)) {
                    statement.setString(1, t);
                    try (ResultSet result = statement.executeQuery()) {
                        if (!result.next()) {
                            return null;
                        }
                        String column = result.getString(1);
                        return "UPDATE " + t + " SET " + column + " = " + column + " WHERE ctid = (SELECT ctid FROM " + t
                                + " LIMIT 1)";
                    }
                } catch (SQLException e) {
                    return null;
                }
            });
        }

        void observe(Set<Integer> blockers, Set<Integer> migrationBlockers) {
            if (blockers.isEmpty() || running == null) {
                return;
            }
            waiting = true;
            if (blockedBy == null) {
                blockedBy = blame(blockers, table, write, migrationBlockers);
            }
        }

        /** Has run into a lock, or has run a whole round of statements since {@code mark}. */
        boolean settled(long mark) {
            return waiting || rounds >= mark + 2 || !thread.isAlive();
        }

        void cancel() {
            Statement statement = running;
            if (statement != null) {
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    // It ended on its own; its connection is closed next.
                }
            }
        }

        LoadObservation.SessionWait result() {
            return new LoadObservation.SessionWait(queries, millis(maxWaitNanos), maxBlockedBy, errors);
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps; false when interrupted (a stop signal), with the interrupt kept for the caller. */
    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Connection open(DataSource dataSource, List<Connection> opened) throws SQLException {
        Connection connection = dataSource.getConnection();
        opened.add(connection);
        connection.setAutoCommit(true);
        return connection;
    }

    private static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(MARK + "SELECT pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The server ends the session when the socket closes.
        }
    }

    private static String head(String sql) {
        String flat = sql.replaceAll("--[^\n]*", " ").replaceAll("\\s+", " ").strip().replaceFirst(";$", "");
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

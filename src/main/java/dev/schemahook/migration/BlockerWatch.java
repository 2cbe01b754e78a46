package dev.schemahook.migration;

import dev.schemahook.database.Connections;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches, from a second session, which sessions block the runner's migration: when a migration times out on a
 * lock, the retry's log line names the blocking pid, its transaction's age and its query.
 */
final class BlockerWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BlockerWatch.class);
    private static final String QUERY = "SELECT b.pid, coalesce(extract(epoch FROM now() - b.xact_start), 0)::bigint,"
            + " b.state, left(regexp_replace(b.query, '\\s+', ' ', 'g'), 120)"
            + " FROM pg_stat_activity a CROSS JOIN LATERAL unnest(pg_blocking_pids(a.pid)) AS blocker(pid)"
            + " JOIN pg_stat_activity b ON b.pid = blocker.pid WHERE a.application_name = ?";

    private final Connection connection;
    private final String applicationName;
    private final Thread thread;
    private volatile List<String> lastBlockers = List.of();
    private volatile boolean running = true;

    private BlockerWatch(Connection connection, String applicationName) {
        this.connection = connection;
        this.applicationName = applicationName;
        this.thread = new Thread(this::poll, "schemahook-blocker-watch");
        this.thread.setDaemon(true);
    }

    static BlockerWatch start(Connections connections, String applicationName) {
        try {
            BlockerWatch watch = new BlockerWatch(connections.open(), applicationName);
            watch.thread.start();
            return watch;
        } catch (SQLException e) {
            LOG.debugf("cannot watch for blocking sessions: %s", e.getMessage());
            return null;
        }
    }

    /** The sessions that blocked the migration most recently, e.g. {@code pid 4242 (idle in transaction for 31s: ...)}. */
    List<String> lastBlockers() {
        return lastBlockers;
    }

    private void poll() {
        while (running) {
            try (PreparedStatement query = connection.prepareStatement(QUERY)) {
                query.setString(1, applicationName);
                List<String> blockers = new ArrayList<>();
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        blockers.add("pid " + result.getInt(1) + " (" + result.getString(3) + " for "
                                + result.getLong(2) + "s: " + result.getString(4) + ")");
                    }
                }
                if (!blockers.isEmpty()) {
                    lastBlockers = List.copyOf(blockers);
                }
                Thread.sleep(200);
            } catch (SQLException e) {
                LOG.debugf("blocker watch stopped: %s", e.getMessage());
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
            connection.close();
        } catch (InterruptedException | SQLException e) {
            LOG.debugf("closing the blocker watch: %s", e.getMessage());
        }
    }
}

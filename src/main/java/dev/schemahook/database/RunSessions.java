package dev.schemahook.database;

import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The server side of one run, reached from a fresh connection: when the run is stopped, its running statements are
 * cancelled and then its sessions ended, so that the server rolls back what is open and releases the run's locks even
 * when the process cannot finish that itself. Sessions are found by the run's {@code application_name}.
 */
public final class RunSessions {
    private static final Logger LOG = Logger.getLogger(RunSessions.class);
    /** Connecting and every reply of the control connection; a stop must finish within the pod's grace period. */
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(2);
    private static final String OTHERS = " FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()";

    private final Connections control;

    public RunSessions(Connections connections) {
        this.control = connections.withTimeouts(CONTROL_TIMEOUT);
    }

    /** Cancels the statement each session of the run is running; returns how many were cancelled. */
    public int cancelRunning() {
        return count("SELECT count(*) FILTER (WHERE pg_cancel_backend(pid))" + OTHERS + " AND state = 'active'");
    }

    /** Ends every session of the run; the server rolls back their transactions and releases their locks. */
    public int terminateAll() {
        return count("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))" + OTHERS);
    }

    /** How many sessions of the run the server still has. */
    public int remaining() {
        return count("SELECT count(*)" + OTHERS);
    }

    private int count(String sql) {
        try (Connection connection = control.open(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, control.applicationName());
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getInt(1) : 0;
            }
        } catch (SQLException | RuntimeException e) {
            // The server is gone or does not answer: it ends the sessions itself when the process's sockets close.
            LOG.debugf("could not reach the run's sessions: %s", e.getMessage());
            return -1;
        }
    }
}

package dev.schemahook.database;

import dev.schemahook.config.Durations;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.error.Secrets;
import org.jboss.logging.Logger;

import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Waits for the server to accept connections. A database that comes up after the runner (a pre-install hook runs
 * before the release's own PostgreSQL is ready) is normal; a refused password is not, and is never retried.
 */
public final class DatabaseWaiter {
    private static final Logger LOG = Logger.getLogger(DatabaseWaiter.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Connections connections;

    /** pgJDBC's words for a certificate or key file it cannot open, read or load (sslrootcert, sslcert, sslkey). */
    private static final Pattern TLS_FILES = Pattern.compile("Could not (open|read|find) SSL |Loading the SSL ");
    /** pgJDBC's words for a URL parameter or PG* value it does not accept. */
    private static final Pattern INVALID_SETTING = Pattern.compile("Invalid (sslmode|targetServerType|gssEncMode|"
            + "sslNegotiation|channelBinding) value");

    public DatabaseWaiter(Connections connections) {
        this.connections = connections;
    }

    /** Returns once a connection succeeds; throws exit code 3 when the deadline passes, 7 on refused credentials. */
    public void waitForDatabase(Duration deadline) {
        waitForDatabase(deadline, "--wait-timeout (SCHEMAHOOK_WAIT_TIMEOUT)");
    }

    /** As {@link #waitForDatabase(Duration)}, for a command whose deadline is {@code deadlineOption}. */
    public void waitForDatabase(Duration deadline, String deadlineOption) {
        long start = System.nanoTime();
        long limit = start + deadline.toNanos();
        Duration backoff = FIRST_BACKOFF;
        String lastReason = "";
        for (int attempt = 1; ; attempt++) {
            try (Connection ignored = connections.open()) {
                if (attempt > 1) {
                    LOG.infof("database %s is accepting connections (attempt %d, after %s)", connections.settings(),
                            attempt, Durations.format(Duration.ofMillis((System.nanoTime() - start) / 1_000_000)));
                }
                return;
            } catch (SQLException e) {
                if (SqlStates.isAuthenticationFailure(e)) {
                    throw authenticationFailure(connections.settings(), e);
                }
                // The driver refuses its own settings as a failed connection too; they stay wrong however long it waits.
                if (e.getMessage() != null && TLS_FILES.matcher(e.getMessage()).lookingAt()) {
                    throw new SchemahookException(ExitCode.AUTHENTICATION_FAILED, "cannot connect to database "
                            + connections.settings() + " with the TLS files it was given: " + describe(e) + "; mount the"
                            + " CA's certificate (PEM) and name it with sslrootcert in the URL or PGSSLROOTCERT (the chart's"
                            + " database.tls.caSecret)", e);
                }
                if (SqlStates.isUntrustedServer(e)) {
                    throw untrustedServer(connections.settings(), e);
                }
                if (e.getMessage() != null && INVALID_SETTING.matcher(e.getMessage()).lookingAt()) {
                    throw new SchemahookException(ExitCode.USAGE, "the JDBC driver refuses a setting of " + connections.settings()
                            + ": " + describe(e) + "; fix the URL's parameters (--url, SCHEMAHOOK_DB_URL) or the PG*"
                            + " variables", e);
                }
                lastReason = describe(e);
            }
            long remaining = limit - System.nanoTime();
            if (remaining <= 0) {
                throw new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "database " + connections.settings()
                        + " not reachable within " + Durations.format(deadline) + " (" + attempt + " attempts): "
                        + lastReason + "; check the host, port and database name, or raise " + deadlineOption);
            }
            long jittered = (long) (backoff.toNanos() * ThreadLocalRandom.current().nextDouble(0.5, 1.0));
            long sleep = Math.min(jittered, remaining);
            LOG.warnf("database %s not ready (attempt %d, next in %s): %s", connections.settings(), attempt,
                    Durations.format(Duration.ofMillis(Math.max(1, sleep / 1_000_000))), lastReason);
            sleepNanos(sleep);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    public static SchemahookException authenticationFailure(ConnectionSettings settings, SQLException e) {
        return new SchemahookException(ExitCode.AUTHENTICATION_FAILED, "database " + settings + " refused user '"
                + settings.user().orElse("") + "': " + describe(e)
                + "; check the user and password (SCHEMAHOOK_DB_USER, SCHEMAHOOK_DB_PASSWORD or the Secret)", e);
    }

    /** Exit 7, at once: a certificate the runner does not trust stays untrusted however long it waits. */
    static SchemahookException untrustedServer(ConnectionSettings settings, SQLException e) {
        return new SchemahookException(ExitCode.AUTHENTICATION_FAILED, "database " + settings + " presented a certificate"
                + " the runner does not trust: " + describe(e) + "; give the CA that signed it with sslrootcert in the"
                + " URL or PGSSLROOTCERT (the chart's database.tls.caSecret), and connect by a host name the certificate"
                + " names", e);
    }

    /** One line: PostgreSQL's message and SQLSTATE, never a stack trace, never a secret. */
    public static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.lines().findFirst().orElse(message).trim();
        if (e.getCause() != null && e.getCause().getMessage() != null && message.startsWith("The connection attempt failed")) {
            message = message + " (" + (e.getCause() instanceof UnknownHostException ? "unknown host " : "")
                    + e.getCause().getMessage() + ")";
        }
        String state = e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]";
        return Secrets.redact(message + state);
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "interrupted while waiting for the database");
        }
    }
}

package dev.schemahook.migration;

import dev.schemahook.config.Durations;
import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Serialises runners on one database: a session-level advisory lock held on its own connection for the whole run,
 * so two Jobs or a retried pod never migrate at once. A killed runner's lock dies with its connection.
 */
final class MigrationLock implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MigrationLock.class);
    private static final long NAMESPACE = 0x5348_4B00_0000_0000L; // "SHK", keeps clear of Flyway's own keys

    private final Connection connection;
    private final long key;

    private MigrationLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    static MigrationLock acquire(Connections connections, String scope, Duration timeout) {
        long key = keyOf(scope);
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection connection = null;
        try {
            connection = connections.open();
            long sleepMillis = 200;
            boolean announced = false;
            while (true) {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    lock.setLong(1, key);
                    try (ResultSet result = lock.executeQuery()) {
                        result.next();
                        if (result.getBoolean(1)) {
                            return new MigrationLock(connection, key);
                        }
                    }
                }
                if (!announced) {
                    LOG.infof("another schemahook run holds the migration lock on %s (%s); waiting up to %s",
                            connections.settings(), holder(connection, key), Durations.format(timeout));
                    announced = true;
                }
                if (System.nanoTime() > deadline) {
                    throw new SchemahookException(ExitCode.LOCK_NOT_ACQUIRED, "another schemahook run held the migration"
                            + " lock on " + connections.settings() + " for more than " + Durations.format(timeout) + " ("
                            + holder(connection, key) + "); let it finish, or raise --migration-lock-timeout"
                            + " (SCHEMAHOOK_MIGRATION_LOCK_TIMEOUT)");
                }
                Thread.sleep(sleepMillis / 2 + ThreadLocalRandom.current().nextLong(sleepMillis / 2 + 1));
                sleepMillis = Math.min(sleepMillis * 2, 2000);
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "lost the database while taking the migration"
                    + " lock: " + DatabaseWaiter.describe(e), e);
        } catch (InterruptedException e) {
            closeQuietly(connection);
            Thread.currentThread().interrupt();
            throw new SchemahookException(ExitCode.LOCK_NOT_ACQUIRED, "interrupted while waiting for the migration lock");
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    @Override
    public void close() {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, key);
            unlock.execute();
        } catch (SQLException e) {
            LOG.debugf("releasing the migration lock: %s (closing the connection releases it)", e.getMessage());
        } finally {
            closeQuietly(connection);
        }
    }

    static long keyOf(String scope) {
        CRC32 crc = new CRC32();
        crc.update(scope.getBytes(StandardCharsets.UTF_8));
        return NAMESPACE | crc.getValue();
    }

    private static String holder(Connection connection, long key) {
        String sql = "SELECT l.pid, a.application_name, date_trunc('second', now() - a.backend_start)::text"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                + " AND l.classid::bigint = ? AND l.objid::bigint = ?";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, key >>> 32);
            query.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet result = query.executeQuery()) {
                if (result.next()) {
                    return "held by pid " + result.getInt(1) + " '" + result.getString(2) + "', connected for "
                            + result.getString(3);
                }
            }
        } catch (SQLException e) {
            LOG.debugf("could not read the lock holder: %s", e.getMessage());
        }
        return "holder not visible to this user";
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a broken connection is all that can be done with it.
            }
        }
    }
}

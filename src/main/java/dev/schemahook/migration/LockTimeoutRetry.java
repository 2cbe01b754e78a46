package dev.schemahook.migration;

import dev.schemahook.config.Durations;
import dev.schemahook.config.MigrationConfig;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Flyway's migrate, tried again when a migration hit lock_timeout: with a backoff, a longer lock_timeout, and the
 * sessions that blocked it named, within --lock-retries and the wait timeout.
 */
final class LockTimeoutRetry {
    private static final Logger LOG = Logger.getLogger(LockTimeoutRetry.class);
    /** A retry's lock_timeout is at most this many times --lock-timeout. */
    private static final int MAX_LOCK_TIMEOUT_GROWTH = 2;

    private LockTimeoutRetry() {
    }

    static MigrateResult migrate(FlywayRun run) {
        return migrate(run, run.config);
    }

    /** As {@link #migrate(FlywayRun)}, with {@code config} (a phase's target) for Flyway. */
    static MigrateResult migrate(FlywayRun run, MigrationConfig config) {
        long deadline = System.nanoTime() + run.connectionConfig.waitTimeout().toNanos();
        Duration configured = run.config.lockTimeout();
        Duration lockTimeout = configured;
        Duration backoff = Duration.ofSeconds(1);
        try (BlockerWatch watch = BlockerWatch.start(run.connections, run.connections.applicationName())) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return run.flyway(config, lockTimeout).migrate();
                } catch (RuntimeException e) {
                    boolean retry = FlywayErrors.isLockTimeout(e) && attempt <= run.config.lockRetries()
                            && System.nanoTime() + backoff.toNanos() < deadline;
                    if (!retry) {
                        throw e;
                    }
                    String blockers = watch == null || watch.lastBlockers().isEmpty()
                            ? "blocker gone before it could be seen" : "blocked by " + String.join(", ", watch.lastBlockers());
                    // The timeout grows so a busy table still gets its window, but only to twice the configured one:
                    // every query on the table queues behind the waiting migration, so this bounds their stall.
                    Duration next = min(lockTimeout.multipliedBy(2), configured.multipliedBy(MAX_LOCK_TIMEOUT_GROWTH));
                    LOG.warnf("a migration waited longer than lock_timeout %s (%s); retry %d of %d in %s with lock_timeout %s",
                            Durations.format(lockTimeout), blockers, attempt, run.config.lockRetries(),
                            Durations.format(backoff), Durations.format(next));
                    FlywayRun.sleep(backoff);
                    backoff = backoff.multipliedBy(2);
                    lockTimeout = next;
                }
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

package dev.schemahook.serve;

import dev.schemahook.error.Secrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * The last refresh of {@code serve}, which its command fills and the endpoints read, and the metrics that show it. The
 * meters are registered by the first refresh, so the other commands, which never refresh, register none.
 */
@ApplicationScoped
public class ServeState {
    @Inject
    MeterRegistry registry;

    private volatile Refresh last;
    private volatile String error;
    private Counter refreshErrors;
    private MultiGauge versionInfo;
    private boolean registered;

    /** A refresh read the database: the endpoints answer with it, readiness is UP. */
    public synchronized void succeeded(Refresh refresh) {
        register(refresh.drift().isPresent());
        last = refresh;
        error = null;
        versionInfo.register(refresh.version().map(version -> List.of(MultiGauge.Row.of(
                Tags.of("version", version, "description", refresh.description()), 1))).orElse(List.of()), true);
    }

    /** A refresh could not read the database: readiness is DOWN, the endpoints keep the last good answer. */
    public synchronized void failed(String message, boolean snapshotConfigured) {
        register(snapshotConfigured);
        error = Secrets.redact(message);
        refreshErrors.increment();
    }

    /** The last good refresh, if any. */
    public Optional<Refresh> last() {
        return Optional.ofNullable(last);
    }

    /** Why the last refresh failed; empty when it succeeded (or none ran yet). */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Whether the last refresh reached the database. */
    public boolean databaseUp() {
        return last != null && error == null;
    }

    private void register(boolean snapshotConfigured) {
        if (registered) {
            return;
        }
        registered = true;
        versionInfo = MultiGauge.builder("schemahook.schema.version.info")
                .description("The current applied schema version (1, labelled with version and description)")
                .register(registry);
        for (String state : Refresh.STATES) {
            Gauge.builder("schemahook.migrations", this, s -> s.last == null ? 0 : s.last.migrations().getOrDefault(state, 0))
                    .description("Migrations of this image and of the database by state").tag("state", state)
                    .register(registry);
        }
        if (snapshotConfigured) {
            for (String kind : Refresh.KINDS) {
                Gauge.builder("schemahook.drift.differences", this, s -> s.last == null ? 0 : s.last.drift()
                                .map(drift -> drift.differences().getOrDefault(kind, 0)).orElse(0))
                        .description("Differences between the database and the snapshot, by kind").tag("kind", kind)
                        .register(registry);
            }
            Gauge.builder("schemahook.drift.comparable", this, s -> s.last != null && s.last.drift()
                            .map(Refresh.Drift::comparable).orElse(false) ? 1 : 0)
                    .description("1 when the database is at the snapshot's version, else 0").register(registry);
        }
        Gauge.builder("schemahook.last.migration.age.seconds", this, s -> s.last == null || s.last.lastMigration().isEmpty()
                        ? Double.NaN : (System.currentTimeMillis() - s.last.lastMigration().get().toEpochMilli()) / 1000.0)
                .description("Seconds since the last successful migration was installed").register(registry);
        Gauge.builder("schemahook.database.up", this, s -> s.databaseUp() ? 1 : 0)
                .description("1 when the last refresh reached the database, else 0").register(registry);
        Gauge.builder("schemahook.last.refresh.success.timestamp.seconds", this,
                        s -> s.last == null ? Double.NaN : s.last.at().toEpochMilli() / 1000.0)
                .description("When the database was last read successfully, in seconds since the epoch").register(registry);
        refreshErrors = Counter.builder("schemahook.refresh.errors")
                .description("Refreshes that could not read the database").register(registry);
    }
}

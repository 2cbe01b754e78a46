package dev.schemahook.migration;

import dev.schemahook.config.MigrationConfig;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link PhaseRule} applied to what Flyway's info() reports: which pending migrations each phase applies, and the
 * {@code target} that makes Flyway's own migrate apply exactly the {@code pre} ones. Versions, checksums and the history
 * stay Flyway's; the runner only chooses how far migrate goes.
 */
public final class PhasePlan {
    private final List<MigrationInfo> pre;
    private final List<MigrationInfo> post;
    private final Optional<String> current;

    private PhasePlan(List<MigrationInfo> pre, List<MigrationInfo> post, Optional<String> current) {
        this.pre = pre;
        this.post = post;
        this.current = current;
    }

    /** The plan for the pending versioned migrations Flyway's info() reports. */
    public static PhasePlan of(MigrationInfoService info) {
        return of(info.all(), info.current());
    }

    /** The plan for the pending versioned migrations of {@code all}, in Flyway's (version) order. */
    public static PhasePlan of(MigrationInfo[] all, MigrationInfo current) {
        List<MigrationInfo> pending = Arrays.stream(all)
                .filter(info -> info.getVersion() != null && info.getState() == MigrationState.PENDING).toList();
        return new PhasePlan(PhaseRule.pre(pending, PhasePlan::isPostDeploy),
                PhaseRule.waiting(pending, PhasePlan::isPostDeploy),
                Optional.ofNullable(current).map(MigrationInfo::getVersion).map(v -> v.getVersion()));
    }

    /** Versioned migrations the next {@code --phase pre} applies. */
    public List<MigrationInfo> pre() {
        return pre;
    }

    /** Versioned migrations that wait for {@code --phase post} after that. */
    public List<MigrationInfo> post() {
        return post;
    }

    /**
     * The configuration whose migrate applies {@code phase}: for pre, Flyway's own migrate with {@code target} at the
     * last migration pre applies (or at the current version, so that repeatable migrations still run); empty when pre
     * has nothing to apply on a database without history.
     */
    public Optional<MigrationConfig> configFor(Phase phase, MigrationConfig config) {
        if (phase != Phase.PRE || post.isEmpty()) {
            return Optional.of(config);
        }
        Optional<String> target = pre.isEmpty() ? current : Optional.of(pre.get(pre.size() - 1).getVersion().getVersion());
        return target.map(config::withTarget);
    }

    /**
     * Whether the file of {@code info}, a versioned migration, carries the post-deploy marker. A repeatable one that
     * carries it never gets here: the check of the locations refuses it first (FlywayFactory.checkedLocations).
     */
    public static boolean isPostDeploy(MigrationInfo info) {
        String location = info.getPhysicalLocation();
        if (location == null || location.isEmpty() || !Path.of(location).toFile().isFile()) {
            return false;
        }
        return PostDeployMarker.isPostDeploy(Path.of(location));
    }

    /**
     * The migrations await waits for among {@code missing} (not yet applied, in Flyway's order): all of them but the
     * trailing post-deployment ones, which wait for the application's pods in their turn.
     */
    public static List<MigrationInfo> awaited(List<MigrationInfo> missing) {
        List<MigrationInfo> versioned = missing.stream().filter(info -> info.getVersion() != null).toList();
        return Stream.concat(PhaseRule.pre(versioned, PhasePlan::isPostDeploy).stream(),
                missing.stream().filter(info -> info.getVersion() == null)).toList();
    }

    /** "post" or "pre" for a versioned migration whose file is in the image; null otherwise. */
    public static String phaseOf(MigrationInfo info) {
        if (info.getVersion() == null || info.getPhysicalLocation() == null || info.getPhysicalLocation().isEmpty()) {
            return null;
        }
        return isPostDeploy(info) ? "post" : "pre";
    }
}

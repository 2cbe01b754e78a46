package dev.schemahook.safety;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.FailOn;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.migration.MigrationRecord;
import dev.schemahook.migration.MigrationStates;
import dev.schemahook.migration.ObservedMigrate;
import dev.schemahook.migration.Phase;
import dev.schemahook.migration.PhasePlan;
import dev.schemahook.database.SqlStates;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.api.MigrationInfo;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code analyze}: lets Flyway apply the migrations to an empty throwaway database exactly as {@code migrate} does (the
 * same statements, placeholders and transactions), watches every statement, and reports what each migration locked
 * and rewrote and what the rules found. With a database to
 * compare against, only the migrations that database has not applied are reported (the others are applied silently,
 * so the schema they build on is the same).
 */
public final class AnalysisService {
    private static final Logger LOG = Logger.getLogger(AnalysisService.class);
    private static final Set<String> NOT_APPLIED = Set.of("Pending", "Outdated");

    private final Connections scratch;
    private final Optional<Connections> against;
    private final ConnectionConfig connectionConfig;
    private final MigrationConfig config;
    private final FailOn failOn;
    private final int rows;
    private final boolean load;

    /**
     * @param rows how many rows every existing table gets before each analysed migration (0: none)
     * @param load whether a reader, a writer and a long read transaction work on the tables each migration names
     */
    public AnalysisService(Connections scratch, Optional<Connections> against, ConnectionConfig connectionConfig,
                           MigrationConfig config, FailOn failOn, int rows, boolean load) {
        this.scratch = scratch;
        this.against = against;
        this.connectionConfig = connectionConfig;
        this.config = config;
        this.failOn = failOn;
        this.rows = rows;
        this.load = load;
    }

    public AnalysisResult analyze(String databaseDescription) {
        Set<String> toReport = against.map(this::notAppliedOn).orElse(null);
        LockObserver observer = new LockObserver(info -> toReport == null || toReport.contains(key(info)),
                config.lockTimeout().toMillis() + "ms", new TableFiller(rows, config.table()), !load ? null
                : new LoadSessions.Settings(config.lockTimeout(), config.lockRetries(), connectionConfig.waitTimeout()));
        try {
            applyInPhases(observer);
        } catch (SchemahookException e) {
            if (observer.failure() != null) {
                throw new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "lost the throwaway database "
                        + scratch.settings() + ": " + DatabaseWaiter.describe(observer.failure())
                        + "; check that the server stays up during the analysis", observer.failure());
            }
            // The exit code and the message are migrate's: an unresolved placeholder, a SQL error, a bad file name.
            if (e.exitCode() != ExitCode.MIGRATION_FAILED) {
                throw e;
            }
            String data = rows <= 0 ? "" : "with " + rows + " row" + (rows == 1 ? "" : "s")
                    + " in every existing table" + (observer.unfilled().isEmpty() ? ""
                    : " (could not fill " + String.join("; ", observer.unfilled()) + ")") + ", ";
            throw new SchemahookException(e.exitCode(), "on the throwaway database, " + data + e.getMessage()
                    + (rows <= 0 ? "" : "; a migration that fails on a table holding rows fails in production too"), e);
        } finally {
            observer.stopLoad();
        }
        List<MigrationAnalysis> analyses = observer.analyses();
        LOG.debugf("analysed %d migration(s)", analyses.size());
        AnalysisResult draft = new AnalysisResult(databaseDescription,
                against.map(c -> c.settings().display()).orElse(null), failOn, analyses, 0);
        int exitCode = draft.failing().isEmpty() ? 0 : ExitCode.UNSAFE_MIGRATION.code();
        return new AnalysisResult(draft.database(), draft.against(), failOn, analyses, exitCode);
    }

    /**
     * Applies the migrations as the chart does: {@code migrate --phase pre}, then {@code --phase post}. On pending
     * versioned migrations that is version order; what differs is that the pending repeatable migrations (and Flyway's
     * afterMigrate callbacks) run at the end of the pre phase, before the trailing post-deployment migrations. When the
     * pre phase fails and the same migration passes once those post-deployment migrations ran first (the post phase
     * applies them, then retries it), the failure is the finding {@code post-deploy-needed-by-pre}, observed, not guessed.
     */
    private void applyInPhases(LockObserver observer) {
        PhasePlan plan = ObservedMigrate.plan(scratch, config);
        List<String> waiting = plan.post().stream().map(MigrationInfo::getScript).toList();
        Optional<MigrationConfig> pre = plan.configFor(Phase.PRE, config);
        if (waiting.isEmpty() || pre.isEmpty()) {
            ObservedMigrate.migrate(scratch, config, observer);
            return;
        }
        try {
            ObservedMigrate.migrate(scratch, pre.get(), observer);
        } catch (SchemahookException inPre) {
            LockObserver.Interrupted failed = observer.interrupted();
            if (inPre.exitCode() != ExitCode.MIGRATION_FAILED || observer.failure() != null || failed == null) {
                throw inPre;
            }
            SQLException sql = SqlStates.find(inPre);
            String reason = sql == null ? inPre.getMessage() : DatabaseWaiter.describe(sql);
            observer.expect(failed.file(), Finding.of(Rule.POST_DEPLOY_NEEDED_BY_PRE, failed.file(), failed.line(),
                    "fails in migrate --phase pre, before the rollout: " + reason + "; it passes only after the"
                            + " post-deployment migration" + (waiting.size() == 1 ? " " : "s ") + String.join(", ", waiting)
                            + ", which the pre phase leaves for after the rollout"));
            try {
                ObservedMigrate.migrate(scratch, config, observer);
            } catch (SchemahookException inVersionOrder) {
                // It fails after the post-deployment migrations too: not a matter of phases; migrate's own error.
                throw inPre;
            }
            return;
        }
        ObservedMigrate.migrate(scratch, config, observer);
    }

    /** The migrations the other database has not applied, by version (or description for repeatables). */
    private Set<String> notAppliedOn(Connections other) {
        return MigrationStates.read(other, connectionConfig, config).migrations().stream()
                .filter(m -> NOT_APPLIED.contains(m.state()))
                .map(AnalysisService::key)
                .collect(Collectors.toSet());
    }

    private static String key(MigrationInfo migration) {
        return migration.getVersion() == null ? "R:" + migration.getDescription() : "V:" + migration.getVersion().getVersion();
    }

    private static String key(MigrationRecord migration) {
        return migration.version() == null || migration.version().isEmpty() ? "R:" + migration.description()
                : "V:" + migration.version();
    }
}

package dev.schemahook.migration;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The common case, answered without the lock and without Flyway: the database already holds exactly this image's
 * migrations. Before Quarkus starts ({@link #atOnce}) and at the start of migrate and await ({@link #current}).
 */
public final class UpToDateAnswer {
    private static final Logger LOG = Logger.getLogger(UpToDateAnswer.class);

    private final FlywayRun run;

    UpToDateAnswer(FlywayRun run) {
        this.run = run;
    }

    /**
     * The release with nothing to do, answered with one connection attempt and nothing else: no waiting, no lock, no
     * Flyway, no log line. No answer when the database cannot be reached at once, when anything is not exactly
     * current, and when there is something to warn about (newer migrations after a rollback): the full run decides
     * those. Safe to call before Quarkus has started.
     */
    public static EarlyAnswer atOnce(Connections connections, ConnectionConfig connectionConfig, MigrationConfig config,
                                     String operation) {
        try {
            UpToDateAnswer answer = new UpToDateAnswer(new FlywayRun(connections, connectionConfig, config));
            SchemaHistory.Look look = new SchemaHistory(answer.run).look();
            if (look.upToDate().isEmpty()) {
                return new EarlyAnswer(Optional.empty(), true);
            }
            if (!look.upToDate().get().futureVersions().isEmpty()) {
                return new EarlyAnswer(Optional.empty(), false); // --on-future decides, in the full run
            }
            return new EarlyAnswer(Optional.of(answer.result(operation, look.schema(), look.upToDate().get())), false);
        } catch (SQLException | RuntimeException e) {
            return EarlyAnswer.NONE;
        }
    }

    /**
     * The database already holds exactly this image's migrations, newer ones included when --on-future warn accepts
     * them (with the warning). Empty whenever Flyway has to decide (see {@link UpToDateCheck}), and when the look
     * before boot found work to do: then this run goes straight to Flyway instead of reading the history and
     * checksumming every file again. Flyway decides either way; should another runner have finished in between,
     * Flyway finds nothing pending and the report says so.
     */
    Optional<OperationResult> current(String operation, EarlyAnswer beforeBoot) {
        if (beforeBoot.workToDo()) {
            LOG.debug("the check before Quarkus started found work to do: no second look at the history before Flyway");
            return Optional.empty();
        }
        LOG.debug("reading the schema history: is the database already current?");
        boolean acceptFuture = run.config.onFuture() == FuturePolicy.WARN;
        try {
            SchemaHistory.Look look = new SchemaHistory(run).look();
            return look.upToDate()
                    .filter(upToDate -> upToDate.futureVersions().isEmpty() || acceptFuture)
                    .map(upToDate -> result(operation, look.schema(), upToDate));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private OperationResult result(String operation, String schema, UpToDateCheck.UpToDate upToDate) {
        List<String> warnings = run.futureMigrations().warnings(upToDate.futureVersions());
        return new OperationResult(operation, run.database(), schema, upToDate.version(), upToDate.version(), 0,
                List.of(), true, warnings);
    }
}

package dev.schemahook.safety;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.FailOn;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.migration.MigrationRecord;
import dev.schemahook.migration.MigrationService;
import dev.schemahook.report.ExitCode;
import dev.schemahook.report.SchemahookException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code analyze}: applies the migrations in Flyway's order to an empty throwaway database, each in its own transaction
 * as the runner would, and reports what each one locked and rewrote and what the rules found. With a database to
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

    public AnalysisService(Connections scratch, Optional<Connections> against, ConnectionConfig connectionConfig,
                           MigrationConfig config, FailOn failOn) {
        this.scratch = scratch;
        this.against = against;
        this.connectionConfig = connectionConfig;
        this.config = config;
        this.failOn = failOn;
    }

    public AnalysisResult analyze(String databaseDescription) {
        List<MigrationRecord> migrations = new MigrationService(scratch, connectionConfig, config).info().migrations();
        Set<String> toReport = against.map(this::notAppliedOn).orElse(null);
        List<MigrationAnalysis> analyses = new ArrayList<>();
        try (Connection connection = scratch.open()) {
            prepare(connection);
            LockObserver observer = new LockObserver(connection);
            for (MigrationRecord migration : migrations) {
                analyses.add(apply(observer, migration, toReport == null || toReport.contains(key(migration))));
            }
        } catch (SQLException e) {
            throw new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "lost the throwaway database "
                    + scratch.settings() + ": " + DatabaseWaiter.describe(e), e);
        }
        AnalysisResult draft = new AnalysisResult(databaseDescription,
                against.map(c -> c.settings().display()).orElse(null), failOn, analyses, 0);
        int exitCode = draft.failing().isEmpty() ? 0 : ExitCode.UNSAFE_MIGRATION.code();
        return new AnalysisResult(draft.database(), draft.against(), failOn, analyses, exitCode);
    }

    /** The migrations the other database has not applied, by version (or description for repeatables). */
    private Set<String> notAppliedOn(Connections other) {
        return new MigrationService(other, connectionConfig, config).info().migrations().stream()
                .filter(m -> NOT_APPLIED.contains(m.state()))
                .map(AnalysisService::key)
                .collect(Collectors.toSet());
    }

    private static String key(MigrationRecord migration) {
        return migration.version() == null || migration.version().isEmpty() ? "R:" + migration.description()
                : "V:" + migration.version();
    }

    /** The schemas Flyway would create, and the search path it would set. */
    private void prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = 'schemahook-analyze'");
            for (String schema : config.schemas()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
            }
            if (!config.schemas().isEmpty()) {
                statement.execute("SET search_path TO " + quote(config.schemas().get(0)));
            }
        }
    }

    private MigrationAnalysis apply(LockObserver observer, MigrationRecord migration, boolean report) throws SQLException {
        String file = migration.filepath() == null ? migration.description() : Path.of(migration.filepath()).getFileName().toString();
        if (!"SQL".equals(migration.type()) || migration.filepath() == null) {
            throw new SchemahookException(ExitCode.USAGE, "analyze reads SQL migrations only, and " + file + " is "
                    + migration.type() + ": leave it out of --locations for analyze");
        }
        SqlScript script = SqlScript.parse(placeholders(read(migration.filepath()), file));
        LOG.debugf("analysing %s: %d statements", file, script.statements().size());
        try {
            return observer.apply(migration.version(), migration.description(), file, script,
                    config.lockTimeout().toMillis() + "ms", report);
        } catch (LockObserver.StatementFailed e) {
            SQLException cause = (SQLException) e.getCause();
            throw new SchemahookException(ExitCode.MIGRATION_FAILED, "migration " + file + " failed at line " + e.line
                    + " on the throwaway database: " + DatabaseWaiter.describe(cause) + "; fix the file", cause);
        }
    }

    private String placeholders(String sql, String file) {
        Map<String, String> values = new HashMap<>(config.placeholders());
        values.putIfAbsent("flyway:defaultSchema", config.schemas().isEmpty() ? "public" : config.schemas().get(0));
        values.putIfAbsent("flyway:table", config.table());
        values.putIfAbsent("flyway:filename", file);
        String replaced = sql;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            replaced = replaced.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        return replaced;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchemahookException(ExitCode.USAGE, "cannot read migration " + path + ": " + e.getMessage(), e);
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}

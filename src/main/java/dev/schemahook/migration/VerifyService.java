package dev.schemahook.migration;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The CI gate: on an empty throwaway database, apply every migration, validate, and migrate again expecting nothing
 * to do. A set of migrations that passes deploys the same way on any empty database of that PostgreSQL major.
 */
public final class VerifyService {
    private final Connections connections;
    private final ConnectionConfig connectionConfig;
    private final MigrationConfig config;

    public VerifyService(Connections connections, ConnectionConfig connectionConfig, MigrationConfig config) {
        this.connections = connections;
        this.connectionConfig = connectionConfig;
        this.config = config;
    }

    /**
     * A check the caller adds after the built-in ones, e.g. the analysis of locks and rewrites.
     *
     * @param name what it checks, as a sentence
     * @param run returns what it found, or fails by throwing a {@link SchemahookException} with its exit code
     */
    public record ExtraCheck(String name, Supplier<String> run) {
    }

    public VerifyResult verify(String databaseDescription, List<ExtraCheck> extraChecks) {
        MigrationService service = new MigrationService(connections, connectionConfig, config);
        List<VerifyResult.Step> steps = new ArrayList<>();
        List<MigrationRecord> applied = new ArrayList<>();
        int exitCode = runSteps(service, steps, applied, extraChecks);
        return new VerifyResult(databaseDescription, config.locations(), steps, applied, exitCode == 0, exitCode);
    }

    private int runSteps(MigrationService service, List<VerifyResult.Step> steps, List<MigrationRecord> applied,
                         List<ExtraCheck> extraChecks) {
        List<Check> checks = new ArrayList<>(List.of(
                new Check("Apply every migration to an empty database", s -> applyInPhases(s, applied)),
                new Check("Validate the schema history against the migrations", s -> {
                    OperationResult result = s.validate();
                    return result.migrations().size() + " migrations match";
                }),
                new Check("Migrate again: nothing left to do", s -> {
                    OperationResult result = s.migrate();
                    if (result.migrationsExecuted() > 0) {
                        throw new SchemahookException(ExitCode.VALIDATION_FAILED, "the second migrate applied "
                                + result.migrationsExecuted() + " migration(s) again ("
                                + result.migrations().stream().map(MigrationRecord::description).toList()
                                + "): a repeatable migration changes on every run, e.g. through a placeholder");
                    }
                    return "up to date at version " + result.targetSchemaVersion();
                })));
        extraChecks.forEach(extra -> checks.add(new Check(extra.name(), s -> extra.run().get())));
        for (Check check : checks) {
            long start = System.nanoTime();
            try {
                String detail = check.run.apply(service);
                steps.add(new VerifyResult.Step(check.name, true, detail, elapsed(start)));
            } catch (SchemahookException e) {
                steps.add(new VerifyResult.Step(check.name, false, e.getMessage(), elapsed(start)));
                return e.exitCode().code();
            }
        }
        return 0;
    }

    /**
     * Applies the migrations as the chart applies them to a new environment: {@code migrate --phase pre}, then
     * {@code --phase post}. Versioned migrations keep their version order; the pending repeatable migrations (and
     * afterMigrate callbacks) run at the end of the pre phase, before the trailing post-deployment migrations, so a
     * repeatable migration that needs what a post-deployment one adds fails here as it would before the rollout.
     */
    private static String applyInPhases(MigrationService service, List<MigrationRecord> applied) {
        List<MigrationRecord> pending = service.info().migrations().stream()
                .filter(m -> "Pending".equals(m.state()) && m.version() != null && !m.version().isEmpty()).toList();
        List<String> waiting = PhaseRule.waiting(pending, m -> "post".equals(m.phase())).stream()
                .map(MigrationRecord::version).toList();
        if (waiting.isEmpty()) {
            OperationResult all = service.migrate();
            applied.addAll(all.migrations());
            return all.migrationsExecuted() + " applied, version " + (all.initialSchemaVersion() == null ? "<empty>"
                    : all.initialSchemaVersion()) + " -> " + all.targetSchemaVersion();
        }
        OperationResult pre;
        try {
            pre = service.migrate(Phase.PRE);
        } catch (SchemahookException e) {
            throw new SchemahookException(e.exitCode(), "in the pre phase (migrate --phase pre, before the rollout,"
                    + " with the post-deployment migration(s) " + String.join(", ", waiting) + " not yet applied): "
                    + e.getMessage(), e);
        }
        applied.addAll(pre.migrations());
        OperationResult post;
        try {
            post = service.migrate(Phase.POST);
        } catch (SchemahookException e) {
            throw new SchemahookException(e.exitCode(), "in the post phase (migrate --phase post, after the rollout): "
                    + e.getMessage(), e);
        }
        applied.addAll(post.migrations());
        String initial = pre.initialSchemaVersion() == null ? "<empty>" : pre.initialSchemaVersion();
        return (pre.migrationsExecuted() + post.migrationsExecuted()) + " applied, version " + initial + " -> "
                + post.targetSchemaVersion() + " (" + pre.migrationsExecuted() + " by --phase pre, then "
                + post.migrationsExecuted() + " by --phase post)";
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private record Check(String name, Function<MigrationService, String> run) {
    }
}

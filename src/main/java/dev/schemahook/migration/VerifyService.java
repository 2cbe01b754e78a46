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
                new Check("Apply every migration to an empty database", s -> {
                    OperationResult result = s.migrate();
                    applied.addAll(result.migrations());
                    return result.migrationsExecuted() + " applied, version "
                            + (result.initialSchemaVersion() == null ? "<empty>" : result.initialSchemaVersion())
                            + " -> " + result.targetSchemaVersion();
                }),
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

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private record Check(String name, Function<MigrationService, String> run) {
    }
}

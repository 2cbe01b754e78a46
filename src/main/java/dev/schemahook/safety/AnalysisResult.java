package dev.schemahook.safety;

import dev.schemahook.config.FailOn;

import java.util.List;

/**
 * What {@code analyze} found.
 *
 * @param database where the migrations ran, e.g. {@code embedded PostgreSQL 17.6}
 * @param against the database whose schema history chose the migrations to report, or null for all of them
 * @param failOn the lowest severity that fails the run
 * @param migrations every migration applied, in order
 * @param exitCode 6 when an unacknowledged finding is at or above {@code failOn}, else 0
 */
public record AnalysisResult(String database, String against, FailOn failOn, List<MigrationAnalysis> migrations,
                             int exitCode) {

    public List<Finding> findings() {
        return migrations.stream().flatMap(m -> m.findings().stream()).toList();
    }

    /** The unacknowledged findings at or above {@code failOn}. */
    public List<Finding> failing() {
        return findings().stream().filter(f -> !f.acknowledged() && fails(failOn, f.severity())).toList();
    }

    public boolean success() {
        return exitCode == 0;
    }

    public long count(Severity severity) {
        return findings().stream().filter(f -> f.severity() == severity).count();
    }

    static boolean fails(FailOn failOn, Severity severity) {
        return switch (failOn) {
            case NONE -> false;
            case INFO -> true;
            case WARNING -> severity != Severity.INFO;
            case ERROR -> severity == Severity.ERROR;
        };
    }
}

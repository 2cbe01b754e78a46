package dev.schemahook.report;

import dev.schemahook.migration.MigrationRecord;
import dev.schemahook.migration.PhaseRule;

import java.util.List;
import java.util.Objects;

/**
 * The versions the next {@code migrate --phase pre} and then {@code --phase post} apply, from an info result's pending
 * versioned migrations and their phases.
 *
 * @param pre versions the next pre phase applies
 * @param post versions that wait for the post phase
 */
record PhasesOfPending(List<String> pre, List<String> post) {
    static PhasesOfPending of(List<MigrationRecord> migrations) {
        List<MigrationRecord> pending = migrations.stream()
                .filter(m -> "Pending".equals(m.state()) && m.version() != null && !m.version().isEmpty())
                .toList();
        return new PhasesOfPending(versions(PhaseRule.pre(pending, PhasesOfPending::post)),
                versions(PhaseRule.waiting(pending, PhasesOfPending::post)));
    }

    private static boolean post(MigrationRecord migration) {
        return Objects.equals(migration.phase(), "post");
    }

    private static List<String> versions(List<MigrationRecord> migrations) {
        return migrations.stream().map(MigrationRecord::version).toList();
    }
}

package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.schemahook.config.Durations;
import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Job's time budget: every try the Job may make must be able to end with the runner's own exit code (3 database
 * unreachable, 5 lock not acquired, ...) before activeDeadlineSeconds kills the pod.
 */
@DisplayName("The chart's time budget")
class ChartTimeBudgetTest {

    /** Helm's default --timeout, which bounds how long helm install and upgrade wait for the hook Job. */
    private static final int HELM_DEFAULT_TIMEOUT_SECONDS = 300;

    /** The values that shape the budget, in the chart's own notation. */
    record Settings(String waitTimeout, String migrationLockTimeout, String lockTimeout, int lockRetries,
            int backoffLimit, int podStartSeconds) {

        String[] set(int activeDeadlineSeconds) {
            return withDatabase("--set-string", "database.waitTimeout=" + waitTimeout
                            + ",migration.migrationLockTimeout=" + migrationLockTimeout + ",migration.lockTimeout=" + lockTimeout,
                    "--set", "migration.lockRetries=" + lockRetries + ",job.backoffLimit=" + backoffLimit
                            + ",job.podStartSeconds=" + podStartSeconds + ",job.activeDeadlineSeconds=" + activeDeadlineSeconds);
        }

        /**
         * The longest one try waits before the runner reports an exit code, as the runner waits: the database
         * (DatabaseWaiter), the migration lock (MigrationLock), then lock_timeout with its retries
         * (LockTimeoutRetry.migrate: retry n waits up to twice lockTimeout after 2^(n-1)s of
         * back-off, and none starts once waitTimeout has passed since the migration began).
         */
        long tryMillis() {
            long wait = Durations.parse(waitTimeout).toMillis();
            long lock = Durations.parse(lockTimeout).toMillis();
            long lockWait = lock;
            long backoff = 1000;
            for (int retry = 1; retry <= lockRetries; retry++) {
                lockWait += backoff + 2 * lock;
                backoff *= 2;
            }
            lockWait = Math.min(lockWait, wait + 2 * lock);
            return podStartSeconds * 1000L + wait + Durations.parse(migrationLockTimeout).toMillis() + lockWait;
        }

        /**
         * Every try, plus Kubernetes' back-off between failed pods: 10s, doubling, at most 10 minutes
         * (DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff in pkg/controller/job/job_controller.go).
         */
        long budgetSeconds() {
            long tries = backoffLimit + 1L;
            long backoffs = 0;
            long delay = 10;
            for (int i = 0; i < backoffLimit; i++) {
                backoffs += delay;
                delay = Math.min(delay * 2, 600);
            }
            return tries * ((tryMillis() + 999) / 1000) + backoffs;
        }
    }

    static Stream<Arguments> settings() {
        List<Settings> settings = List.of(
                new Settings("30s", "40s", "5s", 3, 1, 15),
                new Settings("2m", "10m", "5s", 5, 2, 15),
                new Settings("1h30m", "0", "PT0.5S", 0, 0, 0),
                new Settings("PT45S", "1m30s", "500ms", 8, 3, 30),
                new Settings("10", "2d", "3s", 2, 6, 20),
                new Settings("5s", "1m", "1s", 1, 8, 10));
        List<Arguments> arguments = new ArrayList<>();
        Helm.all().forEach(helm -> settings.forEach(setting -> arguments.add(Arguments.of(helm, setting))));
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("settings")
    @DisplayName("accepts a deadline that holds every try and refuses one second less, naming the minimum")
    void acceptsExactlyTheDeadlinesThatHoldEveryTry(Helm helm, Settings settings) {
        long budget = settings.budgetSeconds();

        assertThat(helm.template(settings.set((int) budget)).exitCode()).as("deadline %ds", budget).isZero();
        Helm.Result refused = helm.template(settings.set((int) budget - 1));
        assertThat(refused.exitCode()).as("deadline %ds", budget - 1).isNotZero();
        assertThat(refused.stderr())
                .contains("job.activeDeadlineSeconds " + (budget - 1) + " is shorter than the time budget of " + budget + "s")
                .contains("Raise job.activeDeadlineSeconds to at least " + budget)
                .contains("database.waitTimeout", "migration.migrationLockTimeout", "migration.lockTimeout",
                        "migration.lockRetries", "job.backoffLimit");
    }

    @EveryHelm
    @DisplayName("fits its own defaults, and the deadline plus the grace period stays below helm's default timeout")
    void fitsItsOwnDefaults(Helm helm) {
        var job = helm.render(withDatabase()).job();
        Settings defaults = new Settings("30s", "40s", "5s", 3, 1, 15);

        assertThat(at(job, "spec.activeDeadlineSeconds")).isEqualTo(270);
        assertThat(defaults.budgetSeconds()).isLessThanOrEqualTo(270);
        assertThat(at(job, "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(20);
        assertThat(270 + 20).isLessThan(HELM_DEFAULT_TIMEOUT_SECONDS);
    }

    @EveryHelm
    @DisplayName("refuses the old defaults, where a held migration lock or a slow database outlived the deadline")
    void refusesTheOldDefaults(Helm helm) {
        Helm.Result result = helm.template(withDatabase("--set", "migration.migrationLockTimeout=10m",
                "--set", "database.waitTimeout=120s,migration.lockRetries=5,job.backoffLimit=2"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("job.activeDeadlineSeconds 270 is shorter than the time budget of")
                .contains("database.waitTimeout 120s").contains("migration.migrationLockTimeout 600s");
    }

    @EveryHelm
    @DisplayName("refuses a duration too long to count rather than misreading it")
    void refusesADurationTooLongToCount(Helm helm) {
        Helm.Result result = helm.template(withDatabase("--set-string", "migration.lockTimeout=99999999999999s",
                "--set", "job.activeDeadlineSeconds=999999999"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("is shorter than the time budget");
    }

    @EveryHelm
    @DisplayName("refuses a statement timeout the deadline always beats, and accepts 0 and a shorter one")
    void refusesAStatementTimeoutThatCanNeverFire(Helm helm) {
        Helm.Result refused = helm.template(withDatabase("--set", "migration.statementTimeout=5m"));

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("migration.statementTimeout 5m can never fire")
                .contains("job.activeDeadlineSeconds 270");
        assertThat(helm.template(withDatabase("--set", "migration.statementTimeout=4m")).exitCode()).isZero();
        assertThat(helm.template(withDatabase("--set", "migration.statementTimeout=0")).exitCode()).isZero();
    }

    @EveryHelm
    @DisplayName("gives the runner at least 15 seconds between SIGTERM and SIGKILL to roll back")
    void givesTheRunnerTimeToRollBack(Helm helm) {
        assertThat(at(helm.render(withDatabase("--set", "terminationGracePeriodSeconds=45")).jobPodSpec(),
                "terminationGracePeriodSeconds")).isEqualTo(45);
        assertThat(at(helm.render(withDatabase("--set", "terminationGracePeriodSeconds=15")).jobPodSpec(),
                "terminationGracePeriodSeconds")).isEqualTo(15);
        Helm.Result refused = helm.template(withDatabase("--set", "terminationGracePeriodSeconds=14"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("terminationGracePeriodSeconds");
    }

    @EveryHelm
    @DisplayName("counts a duration exactly as the runner reads it, in every notation")
    void countsADurationAsTheRunnerReadsIt(Helm helm) {
        for (String notation : List.of("90s", "1m30s", "PT1M30S", "pt1m30s", "1M30S", " 90 ", "PT90.999S", "0001m0030s")) {
            Settings settings = new Settings(notation, "0", "1s", 0, 0, 0);
            assertThat(Durations.parse(notation)).isBetween(Duration.ofSeconds(90), Duration.ofMillis(90_999));
            long budget = settings.budgetSeconds();

            assertThat(helm.template(settings.set((int) budget)).exitCode()).as(notation).isZero();
            assertThat(helm.template(settings.set((int) budget - 1)).exitCode()).as(notation).isNotZero();
        }
    }
}

package dev.schemahook.migration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the phase rule over generated sequences of pending migrations. The seed is printed and can be fixed
 * with -Dschemahook.phases.seed.
 */
@DisplayName("the phase rule, on generated sequences of pending migrations")
class PhaseRuleTest {
    private static final int CASES = 20_000;
    private static final Predicate<Pending> POST = Pending::post;

    /** A pending migration as the rule sees it: its position in version order and whether it is post-deployment. */
    record Pending(int version, boolean post) {
    }

    private static List<Pending> generate(Random random, int firstVersion) {
        int size = random.nextInt(10);
        // Skewed towards runs of post-deployment migrations, where the rule has something to decide.
        double postShare = random.nextDouble();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            pending.add(new Pending(firstVersion + i, random.nextDouble() < postShare));
        }
        return pending;
    }

    private static long seed() {
        long seed = Long.getLong("schemahook.phases.seed", System.nanoTime());
        System.out.println("PhaseRuleTest seed: " + seed + " (rerun with -Dschemahook.phases.seed=" + seed + ")");
        return seed;
    }

    @Test
    @DisplayName("pre then post applies every pending migration once, in version order")
    void preThenPostPartitionsThePending() {
        long seed = seed();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            List<Pending> pending = generate(random, 1);
            List<Pending> both = new ArrayList<>(PhaseRule.pre(pending, POST));
            both.addAll(PhaseRule.waiting(pending, POST));
            assertThat(both).as("seed %d: %s", seed, pending).isEqualTo(pending);
        }
    }

    @Test
    @DisplayName("pre applies every migration that is not post-deployment, and only post-deployment ones wait")
    void onlyTrailingPostDeploymentMigrationsWait() {
        long seed = seed();
        Random random = new Random(seed);
        int withWaiting = 0;
        for (int i = 0; i < CASES; i++) {
            List<Pending> pending = generate(random, 1);
            List<Pending> pre = PhaseRule.pre(pending, POST);
            List<Pending> waiting = PhaseRule.waiting(pending, POST);
            assertThat(pre).as("seed %d: %s", seed, pending)
                    .containsAll(pending.stream().filter(POST.negate()).toList());
            assertThat(waiting).as("seed %d: %s", seed, pending).allMatch(Pending::post);
            if (!pre.isEmpty()) {
                assertThat(pre.get(pre.size() - 1).post()).as("seed %d: pre ends on a migration that is not"
                        + " post-deployment: %s", seed, pending).isFalse();
            }
            withWaiting += waiting.isEmpty() ? 0 : 1;
        }
        // A generator that never leaves anything waiting proves nothing.
        assertThat(withWaiting).as("cases with waiting migrations (seed %d)", seed).isGreaterThan(CASES / 5);
    }

    @Test
    @DisplayName("a second pre applies nothing: only post applies what waits")
    void preIsIdempotent() {
        long seed = seed();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            List<Pending> pending = generate(random, 1);
            List<Pending> afterPre = PhaseRule.waiting(pending, POST);
            assertThat(PhaseRule.pre(afterPre, POST)).as("seed %d: %s", seed, pending).isEmpty();
        }
    }

    @Test
    @DisplayName("the next release's pre applies the contract steps an earlier release left waiting, first")
    void nextReleaseAppliesEarlierContractFirst() {
        long seed = seed();
        Random random = new Random(seed);
        int checked = 0;
        for (int i = 0; i < CASES; i++) {
            List<Pending> earlier = generate(random, 1);
            List<Pending> left = PhaseRule.waiting(earlier, POST); // its post phase failed or has not run
            List<Pending> next = generate(random, earlier.size() + 1);
            List<Pending> pending = new ArrayList<>(left);
            pending.addAll(next);
            List<Pending> pre = PhaseRule.pre(pending, POST);
            if (next.stream().anyMatch(POST.negate())) {
                assertThat(pre.subList(0, Math.min(left.size(), pre.size()))).as("seed %d: left %s, next %s", seed,
                        left, next).isEqualTo(left);
                checked += left.isEmpty() ? 0 : 1;
            } else {
                assertThat(pre).as("seed %d: a release of contract steps only applies nothing before the rollout",
                        seed).isEmpty();
            }
        }
        assertThat(checked).as("cases with a contract step left by the earlier release (seed %d)", seed)
                .isGreaterThan(CASES / 10);
    }

    @Test
    @DisplayName("pre matches a brute-force reading of the rule: up to and including the last pre migration")
    void agreesWithBruteForce() {
        long seed = seed();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            List<Pending> pending = generate(random, 1);
            int lastPre = -1;
            for (Pending migration : pending) {
                if (!migration.post()) {
                    lastPre = migration.version();
                }
            }
            int last = lastPre;
            assertThat(PhaseRule.pre(pending, POST)).as("seed %d: %s", seed, pending)
                    .isEqualTo(pending.stream().filter(m -> m.version() <= last).toList());
        }
    }
}

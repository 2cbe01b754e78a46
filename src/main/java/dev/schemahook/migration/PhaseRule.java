package dev.schemahook.migration;

import java.util.List;
import java.util.function.Predicate;

/**
 * The phase rule, over pending versioned migrations in version order, and nothing else: no files, no database.
 * {@code pre} applies up to and including the last pending migration that is not post-deployment, so a contract step
 * of an earlier release runs before the next release's expand step; {@code post} applies the rest. Property tests hold
 * it to that (PhaseRuleTest), and a differential test holds Flyway's {@code target} to it (PhaseRuleAgreesWithFlywayIT).
 */
public final class PhaseRule {
    private PhaseRule() {
    }

    /** The leading pending migrations {@code migrate --phase pre} applies. */
    public static <T> List<T> pre(List<T> pending, Predicate<? super T> postDeploy) {
        int last = -1;
        for (int i = 0; i < pending.size(); i++) {
            if (!postDeploy.test(pending.get(i))) {
                last = i;
            }
        }
        return List.copyOf(pending.subList(0, last + 1));
    }

    /** The trailing post-deployment migrations that wait for {@code --phase post}: every pending one after {@link #pre}. */
    public static <T> List<T> waiting(List<T> pending, Predicate<? super T> postDeploy) {
        return List.copyOf(pending.subList(pre(pending, postDeploy).size(), pending.size()));
    }
}

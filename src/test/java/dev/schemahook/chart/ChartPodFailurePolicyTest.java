package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.at;
import static dev.schemahook.testing.Manifests.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("The migration Job's pod failure policy")
class ChartPodFailurePolicyTest {

    private static Map<String, Object> rule(List<Map<String, Object>> rules, String action) {
        return rules.stream().filter(rule -> action.equals(rule.get("action"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " rule in " + rules));
    }

    @EveryHelm
    @DisplayName("fails the Job at once on exit codes a retry cannot fix")
    void failsTheJobAtOnceOnExitCodesARetryCannotFix(Helm helm) {
        Manifests manifests = helm.render(withDatabase());
        List<Map<String, Object>> rules = list(manifests.job(), "spec.podFailurePolicy.rules");

        Map<String, Object> failJob = rule(rules, "FailJob");
        assertThat(at(failJob, "onExitCodes.operator")).isEqualTo("In");
        assertThat(at(failJob, "onExitCodes.containerName")).isEqualTo(manifests.jobContainer().get("name"));
        assertThat(list(failJob, "onExitCodes.values")).containsExactly(1, 2, 4, 6, 7, 11);
        assertThat(manifests.jobPodSpec()).containsEntry("restartPolicy", "Never");
    }

    @EveryHelm
    @DisplayName("retries while the database is unreachable or locked, and after an interruption or a lost connection")
    void retriesWhileTheDatabaseIsUnreachableOrLocked(Helm helm) {
        List<Map<String, Object>> rules = list(helm.render(withDatabase()).job(), "spec.podFailurePolicy.rules");

        assertThat(list(rule(rules, "Count"), "onExitCodes.values")).containsExactly(3, 5, 9, 10);
        assertThat(list(rule(rules, "Ignore"), "onPodConditions")).containsExactly(Map.of("type", "DisruptionTarget", "status", "True"));
        assertThat(at(helm.render(withDatabase()).job(), "spec.backoffLimit")).isEqualTo(1);
    }

    @EveryHelm
    @DisplayName("keeps to Kubernetes' rules: the disruption rule first, each exit code once, sorted, no 0, at most 255")
    void keepsToKubernetesRules(Helm helm) {
        List<Map<String, Object>> rules = list(helm.render(withDatabase()).job(), "spec.podFailurePolicy.rules");

        // staging/src/k8s.io/api/batch/v1/types.go: "The list of values must be ordered and must not contain
        // duplicates. Value '0' cannot be used for the In operator. [...] At most 255 elements are allowed."
        // Rules are evaluated in order and the first match wins, so Ignore must come before the exit codes.
        assertThat(rules).hasSizeLessThanOrEqualTo(20);
        assertThat(rules.get(0)).containsEntry("action", "Ignore");
        List<Integer> every = new java.util.ArrayList<>();
        for (Map<String, Object> rule : rules.subList(1, rules.size())) {
            List<Integer> values = list(rule, "onExitCodes.values");
            assertThat(values).isSorted().doesNotHaveDuplicates().doesNotContain(0).hasSizeBetween(1, 255);
            every.addAll(values);
        }
        assertThat(every).as("an exit code in two rules").doesNotHaveDuplicates();
    }

    @EveryHelm
    @DisplayName("can be turned off")
    void canBeTurnedOff(Helm helm) {
        Map<String, Object> job = helm.render(withDatabase("--set", "job.podFailurePolicy.enabled=false")).job();

        assertThat(at(job, "spec.podFailurePolicy")).isNull();
    }
}

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
        assertThat(list(failJob, "onExitCodes.values")).containsExactly(1, 2, 4, 6, 7);
        assertThat(manifests.jobPodSpec()).containsEntry("restartPolicy", "Never");
    }

    @EveryHelm
    @DisplayName("retries while the database is unreachable or locked")
    void retriesWhileTheDatabaseIsUnreachableOrLocked(Helm helm) {
        List<Map<String, Object>> rules = list(helm.render(withDatabase()).job(), "spec.podFailurePolicy.rules");

        assertThat(list(rule(rules, "Count"), "onExitCodes.values")).containsExactly(3, 5);
        assertThat(list(rule(rules, "Ignore"), "onPodConditions")).containsExactly(Map.of("type", "DisruptionTarget", "status", "True"));
        assertThat(at(helm.render(withDatabase()).job(), "spec.backoffLimit")).isEqualTo(2);
    }

    @EveryHelm
    @DisplayName("can be turned off")
    void canBeTurnedOff(Helm helm) {
        Map<String, Object> job = helm.render(withDatabase("--set", "job.podFailurePolicy.enabled=false")).job();

        assertThat(at(job, "spec.podFailurePolicy")).isNull();
    }
}

package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static dev.schemahook.testing.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

/**
 * migration.postDeploy in hook mode. What the rendered check does in a cluster (kubectl rollout status against the API
 * server) cannot run here, with no cluster: these tests pin the rendered command, its access and its place in the Job.
 */
@DisplayName("With post-deployment migrations in hook mode")
class ChartPostDeployHookModeTest {

    /** The chart-testing values of this mode: a database, the Deployment "{{ .Release.Name }}-web", the StatefulSet "worker". */
    static final String VALUES = Helm.CHART.resolve("ci/post-deploy-values.yaml").toString();

    static Manifests render(Helm helm, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-f";
        all[1] = VALUES;
        System.arraycopy(args, 0, all, 2, args.length);
        return helm.render(all);
    }

    static Map<String, Object> preJob(Manifests manifests) {
        return manifests.single("Job", "shop-schemahook");
    }

    static Map<String, Object> postJob(Manifests manifests) {
        return manifests.single("Job", "shop-schemahook-post");
    }

    static Map<String, Object> container(Map<String, Object> job, String name) {
        return Manifests.<Map<String, Object>>list(job, "spec.template.spec.containers").stream()
                .filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow();
    }

    static List<Map<String, Object>> initContainers(Map<String, Object> job) {
        return list(job, "spec.template.spec.initContainers");
    }

    @EveryHelm
    @DisplayName("runs the pre phase before the release and the post phase as a post-install,post-upgrade hook")
    void runsThePhasesAsHooks(Helm helm) {
        Manifests manifests = render(helm, "--set", "migration.extraArgs[0]=--on-future=fail");

        assertThat(annotations(preJob(manifests))).containsEntry("helm.sh/hook", "pre-install,pre-upgrade");
        assertThat(annotations(postJob(manifests))).containsEntry("helm.sh/hook", "post-install,post-upgrade")
                .containsEntry("helm.sh/hook-weight", "0")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
        assertThat(list(container(preJob(manifests), "migrate"), "args"))
                .containsExactly("migrate", "--phase", "pre", "--on-future=fail");
        assertThat(list(container(postJob(manifests), "migrate"), "args"))
                .containsExactly("migrate", "--phase", "post", "--on-future=fail");
    }

    @EveryHelm
    @DisplayName("leaves the single Job exactly as before when post-deployment migrations are off")
    void leavesTheSingleJobAloneWhenOff(Helm helm) {
        Manifests manifests = helm.render(withDatabase());

        assertThat(manifests.ofKind("Job")).hasSize(1);
        assertThat(manifests.has("Role")).isFalse();
        assertThat(manifests.has("RoleBinding")).isFalse();
        assertThat(list(manifests.jobContainer(), "args")).containsExactly("migrate");
    }

    @EveryHelm
    @DisplayName("gives the post Job the pre Job's runner container, credentials, hardening and failure policy")
    void sharesEverythingWithThePreJob(Helm helm) {
        Manifests manifests = render(helm, "--set", "resources.limits.memory=300Mi");
        Map<String, Object> pre = container(preJob(manifests), "migrate");
        Map<String, Object> post = container(postJob(manifests), "migrate");

        assertThat(Manifests.env(post)).isEqualTo(Manifests.env(pre));
        for (String key : List.of("image", "resources", "securityContext", "volumeMounts")) {
            assertThat(post.get(key)).as(key).isEqualTo(pre.get(key));
        }
        Map<String, Object> prePod = map(preJob(manifests), "spec.template.spec");
        Map<String, Object> postPod = map(postJob(manifests), "spec.template.spec");
        for (String key : List.of("serviceAccountName", "automountServiceAccountToken", "securityContext",
                "terminationGracePeriodSeconds", "restartPolicy")) {
            assertThat(postPod.get(key)).as(key).isEqualTo(prePod.get(key));
        }
        assertThat(postPod).containsEntry("automountServiceAccountToken", false);
        List<Object> preRules = list(preJob(manifests), "spec.podFailurePolicy.rules");
        assertThat(list(postJob(manifests), "spec.podFailurePolicy.rules")).startsWith(preRules.toArray());
        assertThat(map(postJob(manifests), "spec")).containsEntry("backoffLimit", 1);
    }

    @EveryHelm
    @DisplayName("waits for each named workload's rollout with kubectl before the runner starts")
    void waitsForEachRolloutBeforeTheRunner(Helm helm) {
        Map<String, Object> post = postJob(render(helm, "--set", "migration.postDeploy.rolloutCheck.timeoutSeconds=120"));

        List<Map<String, Object>> checks = initContainers(post);
        assertThat(checks).extracting(c -> c.get("name")).containsExactly("rollout-0", "rollout-1");
        assertThat(list(checks.get(0), "args")).containsExactly("rollout", "status", "deployments/shop-web",
                "--namespace=shop", "--watch=true", "--timeout=120s", "--cache-dir=/tmp/kube-cache");
        assertThat(list(checks.get(1), "args")).contains("statefulsets/worker", "--timeout=120s");
        assertThat(checks.get(0)).containsEntry("image", "registry.k8s.io/kubectl:v1.32.3").doesNotContainKey("command");
        assertThat(checks.get(0).get("securityContext"))
                .isEqualTo(container(post, "migrate").get("securityContext"));
        // 270 s of the runner's own budget, plus 120 s for each of the two workloads checked one after the other.
        assertThat(map(post, "spec")).containsEntry("activeDeadlineSeconds", 270 + 2 * 120);
        assertThat(list(post, "spec.podFailurePolicy.rules")).contains(
                Map.of("action", "FailJob", "onExitCodes",
                        Map.of("containerName", "rollout-0", "operator", "NotIn", "values", List.of(0))),
                Map.of("action", "FailJob", "onExitCodes",
                        Map.of("containerName", "rollout-1", "operator", "NotIn", "values", List.of(0))));
    }

    @EveryHelm
    @DisplayName("mounts the service-account token into the check containers only, never into the runner")
    void mountsTheTokenIntoTheChecksOnly(Helm helm) {
        Map<String, Object> post = postJob(render(helm));

        for (Map<String, Object> check : initContainers(post)) {
            assertThat(Manifests.<Map<String, Object>>list(check, "volumeMounts")).contains(Map.of("name",
                    "rollout-check-token", "mountPath", "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly", true));
        }
        assertThat(Manifests.<Map<String, Object>>list(container(post, "migrate"), "volumeMounts"))
                .extracting(m -> m.get("name")).doesNotContain("rollout-check-token");
        Map<String, Object> token = Manifests.<Map<String, Object>>list(post, "spec.template.spec.volumes").stream()
                .filter(v -> "rollout-check-token".equals(v.get("name"))).findFirst().orElseThrow();
        assertThat(Manifests.<Map<String, Object>>list(token, "projected.sources"))
                .extracting(source -> source.keySet().iterator().next())
                .containsExactly("serviceAccountToken", "configMap", "downwardAPI");
    }

    @EveryHelm
    @DisplayName("grants only get, list and watch on the named Deployments and StatefulSets, to the Job's account")
    void grantsLeastPrivilege(Helm helm) {
        Manifests manifests = render(helm, "--set", "migration.postDeploy.waitFor.deployments[1]=api");

        Map<String, Object> role = manifests.single("Role");
        assertThat(Manifests.<Map<String, Object>>list(role, "rules")).containsExactly(
                Map.of("apiGroups", List.of("apps"), "resources", List.of("deployments"),
                        "resourceNames", List.of("shop-web", "api"), "verbs", List.of("get", "list", "watch")),
                Map.of("apiGroups", List.of("apps"), "resources", List.of("statefulsets"),
                        "resourceNames", List.of("worker"), "verbs", List.of("get", "list", "watch")));
        Map<String, Object> binding = manifests.single("RoleBinding");
        assertThat(map(binding, "roleRef")).containsEntry("kind", "Role").containsEntry("name", name(role));
        assertThat(Manifests.<Map<String, Object>>list(binding, "subjects")).containsExactly(
                Map.of("kind", "ServiceAccount", "name", "shop-schemahook", "namespace", "shop"));
        assertThat(manifests.ofKind("ClusterRole")).isEmpty();
        assertThat(manifests.ofKind("ClusterRoleBinding")).isEmpty();
        for (Map<String, Object> rbac : List.of(role, binding)) {
            assertThat(annotations(rbac)).containsEntry("helm.sh/hook", "post-install,post-upgrade")
                    .containsEntry("helm.sh/hook-weight", "-1");
        }
    }

    @EveryHelm
    @DisplayName("renders only manifests that Kubernetes 1.32 accepts")
    void rendersValidManifests(Helm helm) {
        Manifests manifests = render(helm, "--set", "migration.postDeploy.rolloutCheck.image.digest=sha256:"
                + "0".repeat(64), "--set", "job.ttlSecondsAfterFinished=600");

        assertThat(manifests.kinds()).contains("Job", "Role", "RoleBinding");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
        assertThat(initContainers(postJob(manifests)).get(0))
                .containsEntry("image", "registry.k8s.io/kubectl@sha256:" + "0".repeat(64));
    }

    @EveryHelm
    @DisplayName("without the rollout check, renders the post Job with no check, no Role and no token")
    void rendersNoCheckWhenTurnedOff(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "migration.postDeploy.enabled=true",
                "--set", "migration.postDeploy.rolloutCheck.enabled=false"));

        Map<String, Object> post = postJob(manifests);
        assertThat(initContainers(post)).isEmpty();
        assertThat(map(post, "spec")).containsEntry("activeDeadlineSeconds", 270);
        assertThat(manifests.has("Role")).isFalse();
        assertThat(manifests.has("RoleBinding")).isFalse();
        assertThat(list(container(post, "migrate"), "args")).containsExactly("migrate", "--phase", "post");
    }
}

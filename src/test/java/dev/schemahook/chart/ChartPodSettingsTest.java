package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.labels;
import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static dev.schemahook.testing.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("The pod values shape the migration pod")
class ChartPodSettingsTest {

    @EveryHelm
    @DisplayName("adds extraEnv after its own variables and extraEnvFrom as is")
    void addsExtraEnv(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "extraEnv[0].name=JAVA_TOOL_OPTIONS",
                "--set", "extraEnv[0].value=-Xmx160m",
                "--set", "extraEnvFrom[0].configMapRef.name=shop-settings"));

        List<Map<String, Object>> env = list(manifests.jobContainer(), "env");
        assertThat(env.get(env.size() - 1)).isEqualTo(Map.of("name", "JAVA_TOOL_OPTIONS", "value", "-Xmx160m"));
        assertThat(list(manifests.jobContainer(), "envFrom"))
                .containsExactly(Map.of("configMapRef", Map.of("name", "shop-settings")));
    }

    @EveryHelm
    @DisplayName("mounts extraVolumes at extraVolumeMounts")
    void mountsExtraVolumes(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "extraVolumes[0].name=certs",
                "--set", "extraVolumes[0].secret.secretName=client-cert",
                "--set", "extraVolumeMounts[0].name=certs,extraVolumeMounts[0].mountPath=/etc/certs"));

        assertThat(list(manifests.jobPodSpec(), "volumes"))
                .contains(Map.of("name", "certs", "secret", Map.of("secretName", "client-cert")));
        assertThat(list(manifests.jobContainer(), "volumeMounts"))
                .contains(Map.of("name", "certs", "mountPath", "/etc/certs"));
    }

    @EveryHelm
    @DisplayName("schedules with nodeSelector, tolerations, affinity and priorityClassName")
    void schedulesAsTold(Helm helm) {
        Map<String, Object> pod = helm.render(withDatabase("--set", "nodeSelector.pool=jobs",
                "--set", "tolerations[0].key=dedicated,tolerations[0].operator=Exists,tolerations[0].effect=NoSchedule",
                "--set", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].key=zone",
                "--set", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].operator=Exists",
                "--set", "priorityClassName=batch-high")).jobPodSpec();

        assertThat(pod)
                .containsEntry("nodeSelector", Map.of("pool", "jobs"))
                .containsEntry("tolerations", List.of(Map.of("key", "dedicated", "operator", "Exists", "effect", "NoSchedule")))
                .containsEntry("priorityClassName", "batch-high");
        assertThat(list(pod, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"))
                .hasSize(1);
    }

    @EveryHelm
    @DisplayName("pulls with imagePullSecrets")
    void pullsWithImagePullSecrets(Helm helm) {
        assertThat(helm.render(withDatabase("--set", "imagePullSecrets[0].name=regcred")).jobPodSpec())
                .containsEntry("imagePullSecrets", List.of(Map.of("name", "regcred")));
    }

    @EveryHelm
    @DisplayName("adds podLabels and podAnnotations to the pod")
    void addsPodLabelsAndAnnotations(Helm helm) {
        Map<String, Object> job = helm.render(withDatabase("--set", "podLabels.team=shop",
                "--set", "podAnnotations.example\\.com/owner=shop")).job();

        assertThat(map(job, "spec.template.metadata.labels"))
                .containsEntry("team", "shop")
                .containsEntry("app.kubernetes.io/component", "migration");
        assertThat(map(job, "spec.template.metadata.annotations")).containsEntry("example.com/owner", "shop");
    }

    @EveryHelm
    @DisplayName("runs as the ServiceAccount it creates, named as asked")
    void runsAsTheServiceAccountItCreates(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "serviceAccount.name=shop-migrations",
                "--set", "serviceAccount.annotations.iam\\.example/role=migrator"));

        Map<String, Object> account = manifests.single("ServiceAccount");
        assertThat(name(account)).isEqualTo("shop-migrations");
        assertThat(annotations(account)).containsEntry("iam.example/role", "migrator");
        assertThat(manifests.jobPodSpec()).containsEntry("serviceAccountName", "shop-migrations");
    }

    @EveryHelm
    @DisplayName("runs as an existing ServiceAccount without creating one")
    void runsAsAnExistingServiceAccount(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "serviceAccount.create=false,serviceAccount.name=shop"));

        assertThat(manifests.has("ServiceAccount")).isFalse();
        assertThat(manifests.jobPodSpec()).containsEntry("serviceAccountName", "shop");
        assertThat(helm.render(withDatabase("--set", "serviceAccount.create=false")).jobPodSpec())
                .containsEntry("serviceAccountName", "default");
    }

    @EveryHelm
    @DisplayName("labels and annotates every resource with commonLabels and commonAnnotations")
    void appliesCommonLabelsAndAnnotations(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "commonLabels.team=shop",
                "--set", "commonAnnotations.example\\.com/contact=dba", "--set", "tests.enabled=true"));

        assertThat(manifests.all()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(resource -> {
            assertThat(labels(resource))
                    .containsEntry("team", "shop")
                    .containsEntry("app.kubernetes.io/name", "schemahook")
                    .containsEntry("app.kubernetes.io/instance", "shop")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("helm.sh/chart", "schemahook-0.1.0");
            assertThat(annotations(resource)).containsEntry("example.com/contact", "dba");
        });
    }

    @EveryHelm
    @DisplayName("names its resources after nameOverride or fullnameOverride")
    void namesResourcesAfterOverrides(Helm helm) {
        assertThat(name(helm.render(withDatabase("--set", "nameOverride=db-migrate")).job()))
                .isEqualTo("shop-db-migrate");
        assertThat(name(helm.render(withDatabase("--set", "fullnameOverride=migrate-shop")).job()))
                .isEqualTo("migrate-shop");
    }

    @EveryHelm
    @DisplayName("labels and annotates the Job with job.labels and job.annotations, the chart's own keys winning")
    void labelsAndAnnotatesTheJob(Helm helm) {
        Map<String, Object> job = helm.render(withDatabase("--set", "job.labels.team=shop",
                "--set", "job.labels.app\\.kubernetes\\.io/component=other",
                "--set", "job.annotations.example\\.com/owner=shop",
                "--set", "job.annotations.helm\\.sh/hook=post-install")).job();

        assertThat(labels(job)).containsEntry("team", "shop").containsEntry("app.kubernetes.io/component", "migration");
        assertThat(annotations(job)).containsEntry("example.com/owner", "shop")
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade");
        assertThat(map(job, "spec.template.metadata.labels")).doesNotContainKey("team");
    }

    @EveryHelm
    @DisplayName("renders nothing, and checks nothing, with enabled=false")
    void rendersNothingWhenDisabled(Helm helm) {
        Helm.Result result = helm.template("--set", "enabled=false", "--set", "tests.enabled=true");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(Manifests.parse(result.stdout()).all()).isEmpty();
    }
}

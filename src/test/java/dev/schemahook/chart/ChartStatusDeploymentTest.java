package dev.schemahook.chart;

import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.labels;
import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static dev.schemahook.testing.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

/**
 * status.enabled renders `schemahook serve` as a Deployment and a Service (the shared contract of serve: container
 * "status" of the Job's image, command [/usr/local/bin/schemahook-serve], args [serve], port "http" = status.port as
 * SCHEMAHOOK_HTTP_PORT, probes on /q/health/live and /q/health/ready, prometheus.io annotations). What the pods do in a
 * cluster cannot run here, with no cluster.
 */
@DisplayName("With the status service on")
class ChartStatusDeploymentTest {

    /** The chart-testing values of the status service: hook mode, its own read-only user, a snapshot ConfigMap. */
    static final String VALUES = Helm.CHART.resolve("ci/status-values.yaml").toString();

    static Manifests render(Helm helm, String... args) {
        return helm.render(Stream.concat(Stream.of("-f", VALUES), Stream.of(args)).toArray(String[]::new));
    }

    static Map<String, Object> deployment(Manifests manifests) {
        return manifests.single("Deployment", "shop-schemahook-status");
    }

    static Map<String, Object> podSpec(Manifests manifests) {
        return map(deployment(manifests), "spec.template.spec");
    }

    static Map<String, Object> container(Manifests manifests) {
        List<Map<String, Object>> containers = list(podSpec(manifests), "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    @EveryHelm
    @DisplayName("runs schemahook serve in a container named status with port http and both probes on it")
    void runsServeWithProbesOnPortHttp(Helm helm) {
        Manifests manifests = render(helm);

        Map<String, Object> container = container(manifests);
        assertThat(container).containsEntry("name", "status");
        // The Job's image, whose entrypoint is the runner: serve is the second executable beside it.
        assertThat(list(container, "command")).containsExactly("/usr/local/bin/schemahook-serve");
        assertThat(manifests.jobContainer()).doesNotContainKey("command");
        assertThat(list(container, "args")).containsExactly("serve");
        assertThat(list(container, "ports")).containsExactly(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"));
        assertThat(map(container, "livenessProbe.httpGet")).isEqualTo(Map.of("path", "/q/health/live", "port", "http"));
        assertThat(map(container, "readinessProbe.httpGet")).isEqualTo(Map.of("path", "/q/health/ready", "port", "http"));
        assertThat(Manifests.env(container)).containsEntry("SCHEMAHOOK_HTTP_PORT", "8080")
                .containsEntry("SCHEMAHOOK_REFRESH", "60s");
        assertThat(map(deployment(manifests), "spec")).containsEntry("replicas", 1);
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("moves the container port, the Service port and the scrape annotation together with status.port")
    void movesEveryPortWithStatusPort(Helm helm) {
        Manifests manifests = render(helm, "--set", "status.port=9464");

        assertThat(list(container(manifests), "ports")).containsExactly(Map.of("name", "http", "containerPort", 9464, "protocol", "TCP"));
        assertThat(Manifests.env(container(manifests))).containsEntry("SCHEMAHOOK_HTTP_PORT", "9464");
        assertThat(map(deployment(manifests), "spec.template.metadata.annotations"))
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", "9464");
        Map<String, Object> service = manifests.single("Service", "shop-schemahook-status");
        assertThat(map(service, "spec")).containsEntry("type", "ClusterIP");
        assertThat(list(service, "spec.ports")).containsExactly(Map.of("name", "http", "port", 9464, "targetPort", "http", "protocol", "TCP"));
    }

    @EveryHelm
    @DisplayName("selects the status pods with its Service and never the migration Job's pods")
    void selectsOnlyTheStatusPods(Helm helm) {
        Manifests manifests = render(helm);

        Map<String, Object> selector = map(manifests.single("Service", "shop-schemahook-status"), "spec.selector");
        assertThat(map(deployment(manifests), "spec.selector.matchLabels")).isEqualTo(selector);
        assertThat(map(deployment(manifests), "spec.template.metadata.labels")).containsAllEntriesOf(selector);
        assertThat(map(manifests.job(), "spec.template.metadata.labels").entrySet().containsAll(selector.entrySet()))
                .as("the Job's pod labels match the Service's selector").isFalse();
    }

    @EveryHelm
    @DisplayName("hardens the pod exactly as the migration Job: same image, account, security contexts and placement")
    void hardensThePodAsTheJob(Helm helm) {
        Manifests manifests = render(helm, "--set", "image.pullPolicy=Always,priorityClassName=ops",
                "--set-json", "imagePullSecrets=[{\"name\":\"regcred\"}]",
                "--set-json", "nodeSelector={\"pool\":\"ops\"}",
                "--set-json", "tolerations=[{\"key\":\"ops\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]");

        Map<String, Object> pod = podSpec(manifests);
        Map<String, Object> jobPod = manifests.jobPodSpec();
        for (String key : List.of("serviceAccountName", "automountServiceAccountToken", "securityContext",
                "imagePullSecrets", "priorityClassName", "nodeSelector", "tolerations")) {
            assertThat(pod.get(key)).as(key).isNotNull().isEqualTo(jobPod.get(key));
        }
        assertThat(pod).containsEntry("automountServiceAccountToken", false);
        Map<String, Object> container = container(manifests);
        for (String key : List.of("image", "imagePullPolicy", "securityContext", "terminationMessagePolicy")) {
            assertThat(container.get(key)).as(key).isNotNull().isEqualTo(manifests.jobContainer().get(key));
        }
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("runAsNonRoot", true).containsEntry("allowPrivilegeEscalation", false);
        assertThat(list(container, "volumeMounts")).contains(Map.of("name", "schemahook-tmp", "mountPath", "/tmp"));
        assertThat(map(container, "resources")).isEqualTo(Map.of(
                "requests", Map.of("cpu", "20m", "memory", "128Mi"), "limits", Map.of("memory", "256Mi")));
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("connects as the Job does, with the read-only user's Secret in place of the Job's credentials")
    void connectsWithItsOwnReadOnlyUser(Helm helm) {
        Manifests manifests = render(helm);

        Map<String, String> env = Manifests.env(container(manifests));
        Map<String, String> jobEnv = manifests.jobEnv();
        for (String name : List.of("PGHOST", "PGPORT", "PGDATABASE", "PGSSLMODE", "SCHEMAHOOK_LOCATIONS", "SCHEMAHOOK_TABLE")) {
            assertThat(env.get(name)).as(name).isNotNull().isEqualTo(jobEnv.get(name));
        }
        assertThat(jobEnv).containsEntry("SCHEMAHOOK_DB_USER", "secret:app-db-app/username")
                .containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:app-db-app/password");
        assertThat(env).containsEntry("SCHEMAHOOK_DB_USER", "secret:app-db-readonly/username")
                .containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:app-db-readonly/password")
                .doesNotContainKeys("SCHEMAHOOK_ON_FUTURE", "SCHEMAHOOK_LOCK_TIMEOUT", "SCHEMAHOOK_OUTPUT");
    }

    @EveryHelm
    @DisplayName("uses the Job's credentials and TLS when the service has none of its own")
    void usesTheJobsCredentialsByDefault(Helm helm) {
        Manifests manifests = helm.render("--set", "database.url=jdbc:postgresql://db:5432/shop,database.user=shop",
                "--set", "database.password=inline,database.tls.caSecret=db-ca,status.enabled=true");

        Map<String, String> env = Manifests.env(container(manifests));
        assertThat(env).containsEntry("SCHEMAHOOK_DB_URL", "jdbc:postgresql://db:5432/shop")
                .containsEntry("SCHEMAHOOK_DB_USER", "shop")
                .containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:shop-schemahook/password")
                .containsEntry("PGSSLROOTCERT", "/etc/schemahook/tls/ca.crt");
        assertThat(list(container(manifests), "volumeMounts"))
                .contains(Map.of("name", "schemahook-tls", "mountPath", "/etc/schemahook/tls", "readOnly", true));
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("mounts the snapshot ConfigMap read-only and points SCHEMAHOOK_SNAPSHOT at it")
    void mountsTheSnapshotConfigMap(Helm helm) {
        Manifests manifests = render(helm, "--set", "status.snapshot.configMap.key=shop.json,status.refresh=5m");

        Map<String, Object> container = container(manifests);
        assertThat(Manifests.env(container)).containsEntry("SCHEMAHOOK_SNAPSHOT", "/etc/schemahook/snapshot/shop.json")
                .containsEntry("SCHEMAHOOK_REFRESH", "5m");
        assertThat(list(container, "volumeMounts"))
                .contains(Map.of("name", "schemahook-snapshot", "mountPath", "/etc/schemahook/snapshot", "readOnly", true));
        assertThat(list(podSpec(manifests), "volumes")).contains(Map.of("name", "schemahook-snapshot", "configMap",
                Map.of("name", "app-schema-snapshot", "defaultMode", 0444,
                        "items", List.of(Map.of("key", "shop.json", "path", "shop.json")))));
    }

    @EveryHelm
    @DisplayName("reads the snapshot from a path inside the image, or compares no snapshot when none is set")
    void readsTheSnapshotFromTheImageOrNone(Helm helm) {
        Manifests inImage = helm.render(Helm.withDatabase("--set", "status.enabled=true,status.snapshot.path=/snapshots/schema.json"));
        assertThat(Manifests.env(container(inImage))).containsEntry("SCHEMAHOOK_SNAPSHOT", "/snapshots/schema.json");
        assertThat(list(podSpec(inImage), "volumes")).hasSize(1);

        Manifests none = helm.render(Helm.withDatabase("--set", "status.enabled=true"));
        assertThat(Manifests.env(container(none))).doesNotContainKeys("SCHEMAHOOK_SNAPSHOT", "SCHEMAHOOK_DRIFT_IGNORE");
    }

    @EveryHelm
    @DisplayName("passes replicas, drift ignores, extra environment, labels and annotations through")
    void passesTheOtherSettingsThrough(Helm helm) {
        Manifests manifests = render(helm, "--set", "status.replicas=2,status.ignore=table:audit_*",
                "--set", "status.podLabels.tier=ops,status.podAnnotations.example\\.com/owner=dba",
                "--set", "status.service.annotations.example\\.com/note=metrics,commonAnnotations.example\\.com/contact=dba",
                "--set-json", "status.extraEnv=[{\"name\":\"JAVA_TOOL_OPTIONS\",\"value\":\"-Xss512k\"}]");

        Map<String, Object> deployment = deployment(manifests);
        assertThat(map(deployment, "spec")).containsEntry("replicas", 2);
        assertThat(Manifests.env(container(manifests))).containsEntry("SCHEMAHOOK_DRIFT_IGNORE", "table:audit_*")
                .containsEntry("JAVA_TOOL_OPTIONS", "-Xss512k");
        assertThat(map(deployment, "spec.template.metadata.labels")).containsEntry("tier", "ops")
                .containsEntry("app.kubernetes.io/component", "status");
        assertThat(map(deployment, "spec.template.metadata.annotations")).containsEntry("example.com/owner", "dba")
                .containsEntry("prometheus.io/scrape", "true");
        assertThat(annotations(deployment)).isEqualTo(Map.of("example.com/contact", "dba"));
        assertThat(annotations(manifests.single("Service", "shop-schemahook-status")))
                .isEqualTo(Map.of("example.com/note", "metrics", "example.com/contact", "dba"));
        assertThat(labels(deployment)).containsEntry("app.kubernetes.io/component", "status");
        assertThat(name(deployment)).isEqualTo("shop-schemahook-status");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }
}

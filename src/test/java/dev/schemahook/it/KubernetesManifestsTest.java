package dev.schemahook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;

/**
 * The plain manifests Quarkus Kubernetes writes into serve/target/kubernetes when serve/ is packaged (the status
 * Deployment and Service generated from the serve application, the migration Job merged from serve/src/main/kubernetes):
 * valid for Kubernetes 1.32, the chart's runner contract, and equal to what the chart renders for the same settings.
 */
@DisplayName("the plain Kubernetes manifests")
class KubernetesManifestsTest {
    private static final String SECRET = "schemahook-db";
    private static final String PASSWORD = "plain-manifests-pw";
    /** The chart settings that mean what the plain manifests do: the connection from the Secret schemahook-db. */
    private static final String[] SAME_SETTINGS = {"--set", "database.existingSecret.name=" + SECRET
            + ",database.existingSecret.urlKey=url,database.existingSecret.userKey=user"
            + ",database.existingSecret.passwordKey=password"};

    private static Path file;
    private static Manifests manifests;

    @TempDir
    Path temp;

    @BeforeAll
    static void generated() {
        // Beside serve/target/quarkus-app: the same build's output.
        file = Runner.serveJar().toAbsolutePath().getParent().getParent().resolve("kubernetes/kubernetes.yml");
        assertThat(file).as("./mvnw -f serve/pom.xml package writes the manifests").exists();
        try {
            manifests = Manifests.parse(Files.readString(file));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    @Test
    @DisplayName("are the status Deployment and Service and the migration Job, valid for Kubernetes 1.32")
    void validForKubernetes() {
        assertThat(manifests.kinds()).containsExactlyInAnyOrder("Service", "Deployment", "Job");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
        assertThat(Manifests.name(deployment())).isEqualTo("schemahook-status");
        assertThat(Manifests.name(manifests.single("Service"))).isEqualTo("schemahook-status");
        assertThat(Manifests.name(manifests.job())).isEqualTo("schemahook-migrate");
        assertThat(statusContainer()).containsEntry("name", "schemahook-status").containsEntry("args", List.of("serve"));
        assertThat(manifests.jobContainer()).containsEntry("name", "migrate").containsEntry("args", List.of("migrate"));
    }

    @Test
    @DisplayName("carry no build timestamp, commit or repository, so the same sources give the same file")
    void deterministic() throws IOException {
        String text = Files.readString(file);
        assertThat(text).doesNotContain("build-timestamp", "commit-id", "vcs-uri", "vcs-url")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2} - \\d{2}:\\d{2}");
        // Quarkus adds labels in the order its build steps finish; src/main/kubernetes fixes it.
        List<String> order = List.of("app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by");
        for (Map<String, Object> resource : List.of(deployment(), manifests.single("Service"))) {
            assertThat(List.copyOf(Manifests.labels(resource).keySet())).as(resource.get("kind") + " labels")
                    .isEqualTo(order);
        }
        assertThat(List.copyOf(Manifests.map(deployment(), "spec.template.metadata.labels").keySet())).isEqualTo(order);
        assertThat(List.copyOf(Manifests.map(deployment(), "spec.selector.matchLabels").keySet()))
                .isEqualTo(order.subList(0, 2));
        assertThat(List.copyOf(Manifests.map(manifests.single("Service"), "spec.selector").keySet()))
                .isEqualTo(order.subList(0, 2));
    }

    @Test
    @DisplayName("name the image the release publishes, in both workloads, so that one Kustomize images entry replaces it")
    void image() {
        // The chart's default image is what the release workflow pushes for this version (ghcr.io/<owner>/schemahook):
        // the runner and, beside it, the serve executable the status Deployment runs (its command).
        Map<String, Object> chartJob = Helm.of(Helm.Release.HELM_4).render(SAME_SETTINGS).jobContainer();
        assertThat(chartJob.get("image")).isEqualTo("ghcr.io/schemahook/schemahook:0.1.0");
        assertThat(statusContainer().get("image")).isEqualTo(chartJob.get("image"));
        assertThat(manifests.jobContainer().get("image")).isEqualTo(chartJob.get("image"));
        assertThat(statusContainer().get("command")).isEqualTo(List.of("/usr/local/bin/schemahook-serve"));
    }

    @Test
    @DisplayName("run both pods hardened, and take the database connection from the Secret schemahook-db, never a literal")
    void hardenedAndSecretByReference() {
        for (Map<String, Object> pod : List.of(Manifests.map(deployment(), "spec.template.spec"), manifests.jobPodSpec())) {
            assertThat(pod).containsEntry("automountServiceAccountToken", false);
            assertThat(Manifests.string(pod, "securityContext.runAsNonRoot")).isEqualTo("true");
            assertThat(Manifests.string(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
            List<Map<String, Object>> containers = Manifests.list(pod, "containers");
            assertThat(containers).hasSize(1);
            Map<String, Object> container = containers.get(0);
            assertThat(Manifests.string(container, "securityContext.readOnlyRootFilesystem")).isEqualTo("true");
            assertThat(Manifests.string(container, "securityContext.allowPrivilegeEscalation")).isEqualTo("false");
            assertThat(Manifests.list(container, "securityContext.capabilities.drop")).containsExactly("ALL");
            assertThat(Manifests.string(container, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
            assertThat(Manifests.env(container)).containsEntry("SCHEMAHOOK_DB_URL", "secret:" + SECRET + "/url")
                    .containsEntry("SCHEMAHOOK_DB_USER", "secret:" + SECRET + "/user")
                    .containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:" + SECRET + "/password");
        }
    }

    @Test
    @DisplayName("hold the chart's migration Job for the same settings, minus Helm's hook annotations")
    void jobIsTheChartsJob() {
        Manifests chart = Helm.of(Helm.Release.HELM_4).render(SAME_SETTINGS);
        Map<String, Object> ours = manifests.job();
        Map<String, Object> theirs = chart.job();

        for (String field : List.of("backoffLimit", "activeDeadlineSeconds", "podFailurePolicy")) {
            assertThat(Manifests.at(ours, "spec." + field)).as(field).isEqualTo(Manifests.at(theirs, "spec." + field));
        }
        for (String field : List.of("restartPolicy", "terminationGracePeriodSeconds", "securityContext", "volumes",
                "automountServiceAccountToken")) {
            assertThat(manifests.jobPodSpec().get(field)).as(field).isEqualTo(chart.jobPodSpec().get(field));
        }
        Map<String, Object> container = manifests.jobContainer();
        Map<String, Object> chartContainer = chart.jobContainer();
        for (String field : List.of("name", "image", "imagePullPolicy", "args", "resources", "securityContext",
                "terminationMessagePath", "terminationMessagePolicy", "volumeMounts")) {
            assertThat(container.get(field)).as(field).isEqualTo(chartContainer.get(field));
        }
        assertThat(container).doesNotContainKey("command");
        assertThat(new TreeMap<>(Manifests.env(container))).as("environment")
                .isEqualTo(new TreeMap<>(Manifests.env(chartContainer)));
        assertThat(Manifests.map(ours, "spec.template.metadata.annotations"))
                .isEqualTo(Manifests.map(theirs, "spec.template.metadata.annotations"));
        assertThat(Manifests.labels(ours)).containsEntry("app.kubernetes.io/component", "migration");
    }

    @Test
    @DisplayName("migrate the database with the Job's args and environment, the Secret's values filled in")
    void jobMigrates() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        String user = database.name() + "_owner";
        database.execute("DROP ROLE IF EXISTS " + user);
        database.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + PASSWORD + "'");
        database.execute("GRANT CREATE ON SCHEMA public TO " + user);
        Map<String, String> secret = Map.of("url", database.jdbcUrl(), "user", user, "password", PASSWORD);
        Migrations image = Migrations.in(temp.resolve("migrations"))
                .add("V1__create.sql", "CREATE TABLE orders (id int PRIMARY KEY);");

        Map<String, Object> container = manifests.jobContainer();
        Map<String, String> env = new HashMap<>();
        Manifests.env(container).forEach((name, value) -> env.put(name, value.startsWith("secret:" + SECRET + "/")
                ? secret.get(value.substring(("secret:" + SECRET + "/").length())) : value));
        assertThat(env.get("SCHEMAHOOK_LOCATIONS")).isEqualTo("filesystem:/migrations");
        // The image holds the migrations at /migrations; here they are in a folder of the test.
        env.put("SCHEMAHOOK_LOCATIONS", image.location());
        RunResult result = Runner.run(env, Manifests.<String>list(container, "args"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1");
        assertThat(database.queryOne("SELECT installed_by FROM flyway_schema_history")).isEqualTo(user);
    }

    @Test
    @DisplayName("are the file the release workflow attaches, with both images replaced by the one it pushed")
    void releaseAttachesThisFile() throws IOException {
        String workflow = Files.readString(Helm.repository().resolve(".github/workflows/release.yml"));
        assertThat(workflow).contains("path: serve/target/kubernetes/kubernetes.yml")
                .contains("gh release upload \"$GITHUB_REF_NAME\" \"$RUNNER_TEMP/schemahook-kubernetes.yml\"");
        Matcher sed = Pattern.compile("sed \"s\\|([^|]+)\\|([^|]+)\\|\"").matcher(workflow);
        assertThat(sed.find()).as("the workflow's sed that names the pushed image").isTrue();
        // The sed expression is a basic regular expression without special characters but '.' and '*': Java reads it alike.
        String released = Files.readString(file).replaceAll(sed.group(1), "image: ghcr.io/owner/schemahook:1.2.3");
        Manifests attached = Manifests.parse(released);
        assertThat(container(attached.single("Deployment")).get("image")).isEqualTo("ghcr.io/owner/schemahook:1.2.3");
        assertThat(attached.jobContainer().get("image")).isEqualTo("ghcr.io/owner/schemahook:1.2.3");
        assertThat(workflow).contains("test \"$(grep -c \"image: $IMAGE:$version\" \"$RUNNER_TEMP/schemahook-kubernetes.yml\")\" -eq 2");
    }

    /**
     * Written against the shared contract of the chart's status.* values (Deployment {@code <fullname>-status},
     * container {@code status}): it fails until the chart renders them.
     */
    @Test
    @DisplayName("serve what the chart's status Deployment serves: command, args, port, probes, scrape annotations, environment")
    void statusDeploymentIsTheChartsStatus() {
        String[] settings = {SAME_SETTINGS[0], SAME_SETTINGS[1], "--set", "status.enabled=true"};
        Manifests chart = Helm.of(Helm.Release.HELM_4).render(settings);
        Map<String, Object> chartDeployment = chart.single("Deployment", Helm.RELEASE + "-schemahook-status");

        assertThat(differences(deployment(), chartDeployment)).isEmpty();
        Map<String, Object> chartService = chart.single("Service", Helm.RELEASE + "-schemahook-status");
        assertThat(servicePorts(manifests.single("Service"), deployment()))
                .isEqualTo(servicePorts(chartService, chartDeployment));
    }

    @Test
    @DisplayName("comparison with the chart finds a changed probe path, port, command, argument, annotation or variable")
    void comparisonFindsDifferences() {
        assertThat(differences(deployment(), deployment())).isEmpty();
        List<String> edits = List.of("livenessProbe.httpGet.path", "readinessProbe.httpGet.port", "ports", "command",
                "args", "annotation", "env");
        for (String edit : edits) {
            Map<String, Object> changed = Manifests.parse(new Yaml().dump(deployment()))
                    .single("Deployment");
            Map<String, Object> container = Manifests.<Map<String, Object>>list(changed, "spec.template.spec.containers")
                    .get(0);
            switch (edit) {
                case "livenessProbe.httpGet.path" -> Manifests.map(container, "livenessProbe.httpGet").put("path", "/q/health");
                case "readinessProbe.httpGet.port" -> Manifests.map(container, "readinessProbe.httpGet").put("port", 9090);
                case "ports" -> Manifests.<Map<String, Object>>list(container, "ports").get(0).put("containerPort", 9090);
                case "command" -> container.put("command", List.of("/usr/local/bin/schemahook"));
                case "args" -> container.put("args", List.of("info"));
                case "annotation" -> Manifests.map(changed, "spec.template.metadata.annotations")
                        .put("prometheus.io/path", "/metrics");
                default -> Manifests.<Map<String, Object>>list(container, "env").get(0).put("value", "other");
            }
            assertThat(differences(deployment(), changed)).as(edit).isNotEmpty();
        }
    }

    private static Map<String, Object> deployment() {
        return manifests.single("Deployment", "schemahook-status");
    }

    private static Map<String, Object> statusContainer() {
        return container(deployment());
    }

    /** The only container: status in the chart, schemahook-status (the application's name) in the plain manifests. */
    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = Manifests.list(deployment, "spec.template.spec.containers");
        assertThat(containers).as("containers of " + Manifests.name(deployment)).hasSize(1);
        assertThat(containers.get(0).get("name")).isIn("status", "schemahook-status");
        return containers.get(0);
    }

    /** What differs between two status Deployments in what a user of the service sees; empty when nothing does. */
    private static List<String> differences(Map<String, Object> ours, Map<String, Object> theirs) {
        List<String> differences = new ArrayList<>();
        Map<String, Object> a = container(ours);
        Map<String, Object> b = container(theirs);
        compare(differences, "command", a.get("command"), b.get("command"));
        compare(differences, "args", a.get("args"), b.get("args"));
        compare(differences, "ports", ports(a), ports(b));
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            compare(differences, probe, probe(a, probe), probe(b, probe));
        }
        compare(differences, "prometheus annotations", prometheus(ours), prometheus(theirs));
        // Every variable the plain manifest sets, the chart sets to the same value (the chart may set more).
        Map<String, String> theirEnv = Manifests.env(b);
        Manifests.env(a).forEach((name, value) -> compare(differences, "env " + name, value, theirEnv.get(name)));
        return differences;
    }

    private static void compare(List<String> differences, String what, Object ours, Object theirs) {
        if (!Objects.equals(ours, theirs)) {
            differences.add(what + ": plain manifests " + ours + ", chart " + theirs);
        }
    }

    /** name → containerPort/protocol of each port. */
    private static Map<String, String> ports(Map<String, Object> container) {
        return Manifests.<Map<String, Object>>list(container, "ports").stream().collect(Collectors.toMap(
                port -> String.valueOf(port.get("name")),
                port -> port.get("containerPort") + "/" + port.getOrDefault("protocol", "TCP"),
                (x, y) -> x, TreeMap::new));
    }

    /** The probe's HTTP path, scheme and port, a named port resolved to its number as the kubelet resolves it. */
    private static String probe(Map<String, Object> container, String probe) {
        Map<String, Object> httpGet = Manifests.map(container, probe + ".httpGet");
        if (httpGet.isEmpty()) {
            return null;
        }
        return httpGet.getOrDefault("scheme", "HTTP") + " " + portNumber(container, httpGet.get("port"))
                + httpGet.get("path");
    }

    private static String portNumber(Map<String, Object> container, Object port) {
        if (port instanceof String name && !name.chars().allMatch(Character::isDigit)) {
            return Manifests.<Map<String, Object>>list(container, "ports").stream()
                    .filter(p -> name.equals(p.get("name"))).map(p -> String.valueOf(p.get("containerPort")))
                    .findFirst().orElse("unknown port " + name);
        }
        return String.valueOf(port);
    }

    /** The pod template's prometheus.io annotations; a missing scheme is Prometheus's default, http. */
    private static Map<String, String> prometheus(Map<String, Object> deployment) {
        Map<String, String> found = new TreeMap<>();
        Manifests.map(deployment, "spec.template.metadata.annotations").forEach((key, value) -> {
            if (key.startsWith("prometheus.io/")) {
                found.put(key, String.valueOf(value));
            }
        });
        found.putIfAbsent("prometheus.io/scheme", "http");
        return found;
    }

    /** Each Service port as name → the container port number it reaches. */
    private static Map<String, String> servicePorts(Map<String, Object> service, Map<String, Object> deployment) {
        Map<String, String> ports = new LinkedHashMap<>();
        for (Map<String, Object> port : Manifests.<Map<String, Object>>list(service, "spec.ports")) {
            ports.put(String.valueOf(port.get("name")), portNumber(container(deployment),
                    port.getOrDefault("targetPort", port.get("port"))));
        }
        return ports;
    }
}

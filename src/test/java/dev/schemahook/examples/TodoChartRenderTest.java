package dev.schemahook.examples;

import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The todo example's charts, rendered by Helm 3 and Helm 4")
class TodoChartRenderTest {

    /** helm dependency build, then helm template, as skaffold and the release workflow run them. */
    private static Manifests renderApplication(Helm helm, Path directory, String... extra) {
        Path example = ExampleFiles.copyOfExample(directory);
        helm.dependencyBuild(example.resolve("chart")).assertSuccess();
        List<String> args = new ArrayList<>(List.of("template", "todo", "chart", "--namespace", "todo",
                "--kube-version", "1.32.0"));
        args.addAll(List.of(extra));
        return helm.runIn(example, args).manifests();
    }

    @EveryHelm
    @DisplayName("renders only manifests that Kubernetes 1.32 accepts, migration Job included")
    void rendersValidManifests(Helm helm, @TempDir Path directory) {
        Manifests manifests = renderApplication(helm, directory);

        assertThat(manifests.kinds()).contains("Deployment", "Service", "Job", "ServiceAccount");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("migrates in a pre-install, pre-upgrade hook with the migrations image")
    void migratesInAHookWithTheMigrationsImage(Helm helm, @TempDir Path directory) {
        Manifests manifests = renderApplication(helm, directory,
                "--set", "schemahook.image.repository=registry.example/todo-migrations,schemahook.image.tag=abc123");

        Map<String, Object> job = manifests.single("Job", "todo-schemahook");
        assertThat(annotations(job)).containsEntry("helm.sh/hook", "pre-install,pre-upgrade");
        List<Map<String, Object>> containers = list(job, "spec.template.spec.containers");
        assertThat(containers.get(0)).containsEntry("image", "registry.example/todo-migrations:abc123");
    }

    @EveryHelm
    @SuppressWarnings("unchecked")
    @DisplayName("starts the application only behind the await init container, on the database the Job migrates")
    void startsTheApplicationBehindTheAwaitInitContainer(Helm helm, @TempDir Path directory) {
        Manifests manifests = renderApplication(helm, directory,
                "--set", "image.repository=registry.example/todo,image.tag=abc123");

        Map<String, Object> pod = map(manifests.single("Deployment", "todo"), "spec.template.spec");
        List<Map<String, Object>> initContainers = list(pod, "initContainers");
        assertThat(initContainers).singleElement().satisfies(await -> {
            assertThat(await).containsEntry("name", "schemahook-await").containsEntry("image", "todo-migrations:1");
            assertThat((List<Object>) await.get("args")).startsWith("await");
            assertThat(Manifests.env(await))
                    .containsEntry("PGHOST", "todo-postgres")
                    .containsEntry("PGDATABASE", "todo")
                    .containsEntry("SCHEMAHOOK_DB_USER", "secret:todo-postgres/username")
                    .containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:todo-postgres/password");
        });
        List<Map<String, Object>> containers = list(pod, "containers");
        assertThat(containers.get(0)).containsEntry("image", "registry.example/todo:abc123");
        assertThat(Manifests.env(containers.get(0)))
                .containsEntry("DATABASE_URL", "jdbc:postgresql://todo-postgres:5432/todo")
                .containsEntry("DATABASE_USER", "secret:todo-postgres/username")
                .containsEntry("DATABASE_PASSWORD", "secret:todo-postgres/password");
        assertThat(Manifests.<Map<String, Object>>list(pod, "volumes"))
                .extracting(volume -> volume.get("name")).contains("tmp", "schemahook-tmp");
    }

    @EveryHelm
    @DisplayName("renders a development PostgreSQL that Kubernetes 1.32 accepts, with the Secret the application reads")
    void rendersTheDevelopmentPostgresql(Helm helm, @TempDir Path directory) {
        Path example = ExampleFiles.copyOfExample(directory);
        Manifests manifests = helm.runIn(example, "template", "todo-postgres",
                "dev-postgres", "--namespace", "todo", "--kube-version", "1.32.0").manifests();

        assertThat(manifests.kinds()).containsExactlyInAnyOrder("Secret", "Service", "StatefulSet");
        assertThat(map(manifests.single("Secret", "todo-postgres"), "stringData")).containsKeys("username", "password");
        assertThat(JsonSchemas.kubernetesProblems(manifests.single("Secret"))).isEmpty();
        assertThat(JsonSchemas.kubernetesProblems(manifests.single("Service"))).isEmpty();
        // The shared Kubernetes schemas have no StatefulSet yet (statefulset-apps-v1.json): its pod template is
        // checked as the Pod it becomes, the claim template by keepsTheDataInAClaimTheReleaseDoesNotOwn.
        Map<String, Object> template = map(manifests.single("StatefulSet", "todo-postgres"), "spec.template");
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        pod.put("metadata", template.get("metadata"));
        pod.put("spec", template.get("spec"));
        assertThat(JsonSchemas.kubernetesProblems(pod)).isEmpty();
    }

    @EveryHelm
    @SuppressWarnings("unchecked")
    @DisplayName("keeps the development data in a claim the release does not own: data-todo-postgres-0")
    void keepsTheDataInAClaimTheReleaseDoesNotOwn(Helm helm, @TempDir Path directory) {
        Path example = ExampleFiles.copyOfExample(directory);
        Manifests manifests = helm.runIn(example, "template", "todo-postgres", "dev-postgres", "--namespace", "todo",
                "--kube-version", "1.32.0", "--set", "persistence.size=2Gi,persistence.storageClassName=fast").manifests();

        // Helm deletes on uninstall what it rendered; the StatefulSet controller creates the claim, so Helm never
        // renders, owns or deletes it. Retain keeps it when the StatefulSet itself is deleted.
        assertThat(manifests.kinds()).doesNotContain("PersistentVolumeClaim");
        Map<String, Object> statefulSet = manifests.single("StatefulSet", "todo-postgres");
        assertThat(map(statefulSet, "spec.persistentVolumeClaimRetentionPolicy"))
                .containsEntry("whenDeleted", "Retain").containsEntry("whenScaled", "Retain");
        assertThat(Manifests.<Map<String, Object>>list(statefulSet, "spec.volumeClaimTemplates")).singleElement()
                .satisfies(claim -> {
                    assertThat(map(claim, "metadata")).containsEntry("name", "data");
                    assertThat(Manifests.labels(claim)).containsEntry("app.kubernetes.io/instance", "todo-postgres");
                    assertThat(map(claim, "spec")).containsEntry("storageClassName", "fast")
                            .containsEntry("accessModes", List.of("ReadWriteOnce"));
                    assertThat(map(claim, "spec.resources.requests")).containsEntry("storage", "2Gi");
                });
        Map<String, Object> pod = map(statefulSet, "spec.template.spec");
        assertThat(Manifests.<Map<String, Object>>list(pod, "volumes")).extracting(volume -> volume.get("name"))
                .doesNotContain("data");
        assertThat(Manifests.<Map<String, Object>>list(pod, "containers").get(0).get("volumeMounts"))
                .asList().contains(Map.of("name", "data", "mountPath", "/var/lib/postgresql/data"));
        assertThat(Manifests.env(Manifests.<Map<String, Object>>list(pod, "containers").get(0)))
                .containsEntry("PGDATA", "/var/lib/postgresql/data/pgdata");
    }

    @EveryHelm
    @DisplayName("contracts after the rollout: the post Job runs the same image once the Deployment has rolled out")
    void contractsAfterTheRollout(Helm helm, @TempDir Path directory) {
        Manifests manifests = renderApplication(helm, directory, "--set", "schemahook.image.tag=abc123");

        String deployment = Manifests.name(manifests.single("Deployment"));
        Map<String, Object> pre = manifests.single("Job", "todo-schemahook");
        Map<String, Object> post = manifests.single("Job", "todo-schemahook-post");
        assertThat(annotations(post)).containsEntry("helm.sh/hook", "post-install,post-upgrade");
        Map<String, Object> preContainer = Manifests.<Map<String, Object>>list(pre, "spec.template.spec.containers").get(0);
        Map<String, Object> postContainer = Manifests.<Map<String, Object>>list(post, "spec.template.spec.containers").get(0);
        assertThat(list(preContainer, "args")).containsExactly("migrate", "--phase", "pre");
        assertThat(list(postContainer, "args")).containsExactly("migrate", "--phase", "post");
        assertThat(postContainer).containsEntry("image", "todo-migrations:abc123");
        Map<String, Object> check = Manifests.<Map<String, Object>>list(post, "spec.template.spec.initContainers").get(0);
        assertThat(list(check, "args")).contains("deployments/" + deployment, "--namespace=todo");
        assertThat(Manifests.<Map<String, Object>>list(manifests.single("Role"), "rules").get(0))
                .containsEntry("resourceNames", List.of(deployment));
    }

    @EveryHelm
    @DisplayName("waits for the Deployment by its name under another release name too")
    void waitsForTheDeploymentUnderAnotherReleaseName(Helm helm, @TempDir Path directory) {
        Path example = ExampleFiles.copyOfExample(directory);
        helm.dependencyBuild(example.resolve("chart")).assertSuccess();
        Manifests manifests = helm.runIn(example, "template", "shop", "chart", "--namespace", "todo").manifests();

        String deployment = Manifests.name(manifests.single("Deployment"));
        assertThat(deployment).isEqualTo("shop-todo");
        Map<String, Object> post = manifests.single("Job", "shop-schemahook-post");
        assertThat(list(Manifests.<Map<String, Object>>list(post, "spec.template.spec.initContainers").get(0), "args"))
                .contains("deployments/shop-todo");
    }
}

package dev.schemahook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The todo example's charts, rendered by Helm 3 and Helm 4")
class TodoChartRenderTest {

    static java.util.stream.Stream<HelmCli> helms() {
        return HelmCli.both();
    }

    /** helm dependency build, then helm template, as skaffold and the release workflow run them. */
    private static List<Map<String, Object>> renderApplication(HelmCli helm, Path directory, String... extra) {
        Path example = ExampleFiles.copyOfExample(directory);
        helm.run(example, "dependency", "build", "chart").assertSuccess();
        List<String> args = new ArrayList<>(List.of("template", "todo", "chart", "--namespace", "todo",
                "--kube-version", "1.32.0"));
        args.addAll(List.of(extra));
        return Manifests.parse(helm.run(example, args.toArray(String[]::new)).assertSuccess().stdout());
    }

    private static List<String> kubernetesProblems(List<Map<String, Object>> manifests) {
        List<String> problems = new ArrayList<>();
        manifests.forEach(manifest -> problems.addAll(JsonSchemas.kubernetesProblems(manifest)));
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helms")
    @DisplayName("renders only manifests that Kubernetes 1.32 accepts, migration Job included")
    void rendersValidManifests(HelmCli helm, @TempDir Path directory) {
        List<Map<String, Object>> manifests = renderApplication(helm, directory);

        assertThat(manifests).extracting(manifest -> manifest.get("kind"))
                .contains("Deployment", "Service", "Job", "ServiceAccount");
        assertThat(kubernetesProblems(manifests)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helms")
    @DisplayName("migrates in a pre-install, pre-upgrade hook with the migrations image")
    void migratesInAHookWithTheMigrationsImage(HelmCli helm, @TempDir Path directory) {
        List<Map<String, Object>> manifests = renderApplication(helm, directory,
                "--set", "schemahook.image.repository=registry.example/todo-migrations,schemahook.image.tag=abc123");

        Map<String, Object> job = Manifests.single(manifests, "Job", "todo-schemahook");
        assertThat(Manifests.<Map<String, Object>>get(job, "metadata.annotations"))
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade");
        List<Map<String, Object>> containers = Manifests.get(job, "spec.template.spec.containers");
        assertThat(containers.get(0)).containsEntry("image", "registry.example/todo-migrations:abc123");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helms")
    @SuppressWarnings("unchecked")
    @DisplayName("starts the application only behind the await init container, on the database the Job migrates")
    void startsTheApplicationBehindTheAwaitInitContainer(HelmCli helm, @TempDir Path directory) {
        List<Map<String, Object>> manifests = renderApplication(helm, directory,
                "--set", "image.repository=registry.example/todo,image.tag=abc123");

        Map<String, Object> pod = Manifests.get(Manifests.single(manifests, "Deployment", "todo"), "spec.template.spec");
        List<Map<String, Object>> initContainers = Manifests.get(pod, "initContainers");
        assertThat(initContainers).singleElement().satisfies(await -> {
            assertThat(await).containsEntry("name", "schemahook-await").containsEntry("image", "todo-migrations:1");
            assertThat((List<Object>) await.get("args")).startsWith("await");
            assertThat(Manifests.env(await))
                    .containsEntry("PGHOST", "todo-postgres")
                    .containsEntry("PGDATABASE", "todo")
                    .containsEntry("SCHEMAHOOK_DB_USER", "secret:todo-postgres/username")
                    .containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:todo-postgres/password");
        });
        List<Map<String, Object>> containers = Manifests.get(pod, "containers");
        assertThat(containers.get(0)).containsEntry("image", "registry.example/todo:abc123");
        assertThat(Manifests.env(containers.get(0)))
                .containsEntry("DATABASE_URL", "jdbc:postgresql://todo-postgres:5432/todo")
                .containsEntry("DATABASE_USER", "secret:todo-postgres/username")
                .containsEntry("DATABASE_PASSWORD", "secret:todo-postgres/password");
        assertThat(Manifests.<List<Map<String, Object>>>get(pod, "volumes"))
                .extracting(volume -> volume.get("name")).contains("tmp", "schemahook-tmp");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helms")
    @DisplayName("renders a development PostgreSQL that Kubernetes 1.32 accepts, with the Secret the application reads")
    void rendersTheDevelopmentPostgresql(HelmCli helm, @TempDir Path directory) {
        Path example = ExampleFiles.copyOfExample(directory);
        List<Map<String, Object>> manifests = Manifests.parse(helm.run(example, "template", "todo-postgres",
                "dev-postgres", "--namespace", "todo", "--kube-version", "1.32.0").assertSuccess().stdout());

        assertThat(manifests).extracting(manifest -> manifest.get("kind"))
                .containsExactlyInAnyOrder("Secret", "Service", "Deployment");
        assertThat(Manifests.<Map<String, Object>>get(Manifests.single(manifests, "Secret", "todo-postgres"),
                "stringData")).containsKeys("username", "password");
        assertThat(kubernetesProblems(manifests)).isEmpty();
    }
}

package dev.schemahook.examples;

import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static dev.schemahook.testing.Manifests.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.schemahook.testing.JsonSchemas;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

@DisplayName("The todo example's skaffold.yaml")
class SkaffoldConfigSchemaTest {

    private static final Path SKAFFOLD = ExampleFiles.TODO.resolve("skaffold.yaml");
    private static final Pattern IMAGE_TEMPLATE = Pattern.compile("\\{\\{\\s*\\.IMAGE_(?:REPO|TAG|DIGEST)_(\\w+)\\s*}}");

    private static Map<String, Object> config() throws IOException {
        return new Yaml().load(Files.readString(SKAFFOLD));
    }

    private static List<Map<String, Object>> artifacts(Map<String, Object> config) {
        List<Map<String, Object>> artifacts = list(config, "build.artifacts");
        assertThat(artifacts).as("build.artifacts").isNotEmpty();
        return artifacts;
    }

    @Test
    @DisplayName("is valid against the Skaffold v4beta13 schema")
    void isValidAgainstTheSchema() throws IOException {
        Map<String, Object> config = config();

        assertThat(config).containsEntry("apiVersion", "skaffold/v4beta13");
        assertThat(JsonSchemas.skaffoldProblems(config, "v4beta13")).isEmpty();
    }

    @Test
    @DisplayName("builds every artifact from a context and Dockerfile that exist")
    void buildsFromFilesThatExist() throws IOException {
        for (Map<String, Object> artifact : artifacts(config())) {
            Path context = ExampleFiles.TODO.resolve((String) artifact.getOrDefault("context", ".")).normalize();
            String dockerfile = string(artifact, "docker.dockerfile");
            assertThat(context.resolve(dockerfile)).as("Dockerfile of %s", artifact.get("image")).isRegularFile();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("builds the JVM runner under skaffold dev and the native one for a release")
    void buildsTheJvmRunnerInDevAndTheNativeOneForARelease() throws IOException {
        Map<String, Object> config = config();
        assertThat(string(artifacts(config).get(0), "docker.dockerfile")).isEqualTo("Dockerfile.native");
        List<Map<String, Object>> profiles = list(config, "profiles");
        Map<String, Object> dev = profiles.stream().filter(p -> "dev".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat((List<Object>) dev.get("activation")).contains((Object) Map.of("command", "dev"));
        assertThat((List<Object>) dev.get("patches")).contains((Object) Map.of("op", "replace",
                "path", "/build/artifacts/0/docker/dockerfile", "value", "src/main/docker/Dockerfile.jvm"));
        assertThat(profiles).extracting(p -> p.get("name")).contains("release");
        assertThat(ExampleFiles.REPOSITORY.resolve("src/main/docker/Dockerfile.jvm")).isRegularFile();
    }

    @Test
    @DisplayName("passes each built image to the chart under the artifact's name, written with underscores")
    void passesEachImageToTheChart() throws IOException {
        Map<String, Object> config = config();
        List<String> artifactKeys = artifacts(config).stream()
                .map(artifact -> ((String) artifact.get("image")).replaceAll("[-/.]", "_")).toList();
        List<Map<String, Object>> releases = list(config, "deploy.helm.releases");
        Map<String, Object> todo = releases.stream().filter(r -> "todo".equals(r.get("name"))).findFirst().orElseThrow();
        Map<String, Object> templates = map(todo, "setValueTemplates");

        assertThat(templates).containsEntry("image.repository", "{{.IMAGE_REPO_todo}}")
                .containsEntry("image.tag", "{{.IMAGE_TAG_todo}}")
                .containsEntry("image.digest", "{{.IMAGE_DIGEST_todo}}")
                .containsEntry("schemahook.image.repository", "{{.IMAGE_REPO_todo_migrations}}")
                .containsEntry("schemahook.image.tag", "{{.IMAGE_TAG_todo_migrations}}")
                .containsEntry("schemahook.image.digest", "{{.IMAGE_DIGEST_todo_migrations}}");
        for (Object template : templates.values()) {
            String value = (String) template;
            Matcher matcher = IMAGE_TEMPLATE.matcher(value);
            assertThat(matcher.find()).as(value).isTrue();
            assertThat(artifactKeys).as("artifact named by %s", value).contains(matcher.group(1));
        }
    }

    @Test
    @DisplayName("deploys charts that exist, the database release before the application's")
    void deploysChartsThatExist() throws IOException {
        List<Map<String, Object>> releases = list(config(), "deploy.helm.releases");

        assertThat(releases).extracting(r -> r.get("name")).containsExactly("todo-postgres", "todo");
        for (Map<String, Object> release : releases) {
            assertThat(ExampleFiles.TODO.resolve((String) release.get("chartPath")).resolve("Chart.yaml")).isRegularFile();
        }
        assertThat(releases.get(0)).containsEntry("wait", true);
    }
}

package dev.schemahook.examples;

import static dev.schemahook.testing.Manifests.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

@DisplayName("The release workflow")
class ReleaseWorkflowReferencesTest {

    private static final Path WORKFLOW = ExampleFiles.REPOSITORY.resolve(".github/workflows/release.yml");
    /** Words of a script that name something in the repository. */
    private static final Pattern REPOSITORY_PATH = Pattern.compile(
            "(?<![\\w/.$-])(?:filesystem:)?((?:\\./)?(?:examples|chart|src|bench|\\.ci|target)(?:/[\\w.@-]+)*/?|Dockerfile\\.native|mvnw|\\./mvnw)(?![\\w/-])");
    /** A path the script writes (redirect or heredoc target) is created by the script, not expected to exist. */
    private static final Pattern WRITTEN = Pattern.compile(">\\s*\"?([\\w./@-]+)");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> jobs() throws IOException {
        Map<String, Object> workflow = new Yaml().load(Files.readString(WORKFLOW));
        return (Map<String, Map<String, Object>>) workflow.get("jobs");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.get("steps");
    }

    @Test
    @DisplayName("makes every job wait only for jobs that exist")
    void needsOnlyExistingJobs() throws IOException {
        Map<String, Map<String, Object>> jobs = jobs();

        assertThat(jobs).containsKeys("build", "native-image", "e2e", "publish");
        jobs.forEach((name, job) -> {
            Object needs = job.get("needs");
            List<?> needed = needs == null ? List.of() : needs instanceof List<?> list ? list : List.of(needs);
            assertThat(needed).as("needs of %s", name).allSatisfy(other -> assertThat(jobs).containsKey((String) other));
            assertThat(steps(job)).as("steps of %s", name).isNotEmpty()
                    .allSatisfy(step -> assertThat(step.containsKey("run") || step.containsKey("uses"))
                            .as("step %s runs or uses something", step.get("name")).isTrue());
        });
    }

    @Test
    @DisplayName("names in its scripts only files and folders that exist in the repository or that the build creates")
    void namesOnlyFilesThatExist() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> job : jobs().entrySet()) {
            for (Map<String, Object> step : steps(job.getValue())) {
                List<String> texts = new ArrayList<>();
                if (step.get("run") instanceof String run) {
                    texts.add(run);
                }
                if (step.get("with") instanceof Map<?, ?> with && with.get("file") instanceof String file) {
                    texts.add(file);
                }
                for (String text : texts) {
                    List<String> written = new ArrayList<>();
                    Matcher writes = WRITTEN.matcher(text);
                    while (writes.find()) {
                        written.add(writes.group(1));
                    }
                    Matcher paths = REPOSITORY_PATH.matcher(text);
                    while (paths.find()) {
                        String path = paths.group(1).replaceFirst("^\\./", "");
                        if (written.contains(path) || path.startsWith("target/")) {
                            continue; // created by this script, or by ./mvnw verify before it
                        }
                        checked.add(path);
                        if (!Files.exists(resolve(path))) {
                            problems.add(job.getKey() + ": " + path);
                        }
                    }
                }
            }
        }
        assertThat(checked).contains("mvnw", "examples/todo/migrations", "examples/todo/migrations.Dockerfile",
                "examples/todo/dev-postgres", "examples/todo/chart", "chart", "Dockerfile.native");
        assertThat(problems).as("paths that do not exist").isEmpty();
    }

    /** chart/ is the schemahook chart, wherever -Dschemahook.chart.dir puts it before it is merged. */
    private static Path resolve(String path) {
        if (path.equals("chart") || path.startsWith("chart/")) {
            return ExampleFiles.chart().resolve(path.substring("chart".length()).replaceFirst("^/", ""));
        }
        return ExampleFiles.REPOSITORY.resolve(path);
    }

    @Test
    @DisplayName("verifies the migrations with the packaged runner and builds the image from Dockerfile.native")
    void verifiesAndBuildsWhatTheRepositoryHolds() throws IOException {
        Map<String, Map<String, Object>> jobs = jobs();
        String build = String.join("\n", steps(jobs.get("build")).stream()
                .map(step -> String.valueOf(step.get("run"))).toList());

        assertThat(build).contains("./mvnw -B -ntp verify")
                .contains("java -jar target/quarkus-app/quarkus-run.jar verify")
                .contains("--locations filesystem:examples/todo/migrations")
                .contains("--output markdown >> \"$GITHUB_STEP_SUMMARY\"");
        assertThat(steps(jobs.get("native-image"))).anySatisfy(step ->
                assertThat(string(step, "with.file")).isEqualTo("Dockerfile.native"));
        assertThat(jobs.get("publish")).containsEntry("if", "startsWith(github.ref, 'refs/tags/v')");
        assertThat(steps(jobs.get("e2e"))).anySatisfy(step ->
                assertThat(String.valueOf(step.get("uses"))).startsWith("helm/kind-action@"));
    }
}

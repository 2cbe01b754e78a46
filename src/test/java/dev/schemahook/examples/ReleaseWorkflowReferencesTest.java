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
            "(?<![\\w/.$-])(?:filesystem:)?((?:\\./)?(?:examples|chart|src|serve|bench|\\.ci|target)(?:/[\\w.@-]+)*/?|Dockerfile\\.native|mvnw|\\./mvnw)(?![\\w/-])");
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

        assertThat(jobs).containsKeys("build", "native-image", "e2e", "skaffold", "publish");
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
                        if (written.contains(path) || path.startsWith("target/") || path.startsWith("serve/target/")) {
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
                "examples/todo/dev-postgres", "examples/todo/chart", "chart", "Dockerfile.native",
                "src/main/docker/Dockerfile.jvm");
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
        // One image for both programs: Dockerfile.native builds serve beside the runner; no image of serve's own.
        assertThat(jobs).doesNotContainKey("serve-image");
        assertThat(steps(jobs.get("native-tests"))).anySatisfy(step -> assertThat(String.valueOf(step.get("run")))
                .contains("docker run --rm --entrypoint /usr/local/bin/schemahook-serve schemahook:ci serve --help"));
        // The JVM image copies serve/target/quarkus-app/: every job that builds it builds serve first.
        for (String job : List.of("native-tests", "skaffold")) {
            String runs = String.join("\n", steps(jobs.get(job)).stream()
                    .map(step -> String.valueOf(step.get("run"))).toList());
            assertThat(runs).as(job).containsPattern("(?s)(\\./mvnw -B -ntp verify|\\./mvnw -B -ntp -f serve/pom\\.xml package)"
                    + ".*(Dockerfile\\.jvm|skaffold run)");
        }
        assertThat(jobs.get("publish")).containsEntry("if", "startsWith(github.ref, 'refs/tags/v')");
        assertThat(steps(jobs.get("e2e"))).anySatisfy(step ->
                assertThat(String.valueOf(step.get("uses"))).startsWith("helm/kind-action@"));
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("runs the example's Skaffold story on kind with pinned, checksum-verified Skaffold and kind")
    void runsTheSkaffoldStory() throws IOException {
        Map<String, Object> job = jobs().get("skaffold");
        Map<String, Object> env = (Map<String, Object>) job.get("env");
        String script = String.join("\n", steps(job).stream().map(step -> String.valueOf(step.get("run"))).toList());

        assertThat(String.valueOf(env.get("SKAFFOLD_VERSION"))).matches("v2\\.(19|[2-9]\\d)\\.\\d+");
        assertThat(String.valueOf(env.get("KIND_VERSION"))).matches("v\\d+\\.\\d+\\.\\d+");
        assertThat(String.valueOf(env.get("KIND_SHA256"))).matches("[0-9a-f]{64}");
        assertThat(script).contains("releases/download/$KIND_VERSION/kind-linux-amd64")
                .contains("releases/download/$SKAFFOLD_VERSION/skaffold-linux-amd64.sha256")
                .contains("\"$KIND_SHA256  $RUNNER_TEMP/kind\" | sha256sum --check");
        assertThat(script.split("sha256sum --check", -1)).hasSize(3);
        // Run, add a migration, run again, delete, run again; the history and the data checked at the end.
        assertThat(script).containsSubsequence("skaffold run --profile dev", "cat > migrations/V4__add_due_date.sql",
                "skaffold run --profile dev", "skaffold delete --profile dev", "kubectl get pvc data-todo-postgres-0",
                "skaffold run --profile dev", "= \"1,2,3,4\"", "'written before the delete'\")\" = 1");
        assertThat(ExampleFiles.REPOSITORY.resolve(string(job, "defaults.run.working-directory")))
                .isEqualTo(ExampleFiles.TODO).isDirectory();
        assertThat(ExampleFiles.TODO.resolve("migrations")).isDirectory();
        assertThat(ExampleFiles.TODO.resolve("migrations/V4__add_due_date.sql")).as("added by the job, not in the repository")
                .doesNotExist();
        List<String> profiles = SkaffoldConfig.todo().profileNames();
        Matcher named = Pattern.compile("--profile (\\S+)").matcher(script);
        while (named.find()) {
            assertThat(profiles).contains(named.group(1));
        }
        assertThat(steps(job)).anySatisfy(step -> {
            assertThat(String.valueOf(step.get("uses"))).startsWith("azure/setup-helm@");
            assertThat(string(step, "with.version")).isEqualTo("${{ matrix.helm }}");
        });
        // Both Helm releases the chart tests use (dev.schemahook.testing.Helm.Release).
        assertThat((List<Object>) ((Map<String, Object>) ((Map<String, Object>) job.get("strategy")).get("matrix")).get("helm"))
                .containsExactly("v3.17.2", "v4.1.4");
    }

    @Test
    @DisplayName("publishes under the repository owner in lower case, which image references require")
    void publishesUnderTheOwnerInLowerCase() throws IOException {
        String workflow = Files.readString(WORKFLOW);
        String publish = String.join("\n", steps(jobs().get("publish")).stream()
                .map(step -> String.valueOf(step.get("run"))).toList());

        assertThat(workflow).doesNotContain("ghcr.io/${{ github.repository_owner }}");
        assertThat(publish).contains("owner=\"${GITHUB_REPOSITORY_OWNER,,}\"")
                .contains("echo \"IMAGE=ghcr.io/$owner/schemahook\" >> \"$GITHUB_ENV\"")
                .contains("echo \"CHART_REPOSITORY=oci://ghcr.io/$owner/charts\" >> \"$GITHUB_ENV\"");
        assertThat(publish.indexOf("GITHUB_REPOSITORY_OWNER")).isLessThan(publish.indexOf("docker push \"$IMAGE"));
    }
}

package dev.schemahook.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The chart as a whole")
class ChartManifestsTest {

    private static final Path EVERYTHING = Path.of("src/test/resources/chart/everything-values.yaml");

    /** The chart-testing values of every mode, and one file that sets every value. */
    static List<Path> valuesFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> ci = Files.list(Helm.CHART.resolve("ci"))) {
            ci.filter(path -> path.getFileName().toString().endsWith("-values.yaml")).sorted().forEach(files::add);
        }
        assertThat(files).extracting(path -> path.getFileName().toString())
                .contains("hook-values.yaml", "argocd-values.yaml", "job-values.yaml");
        files.add(Helm.repository().resolve(EVERYTHING));
        return files;
    }

    static Stream<Arguments> everyHelmAndValuesFile() throws IOException {
        List<Path> files = valuesFiles();
        return Helm.all().flatMap(helm -> files.stream().map(file -> Arguments.of(helm, file.getFileName())));
    }

    private static Path resolve(Path fileName) throws IOException {
        return valuesFiles().stream().filter(path -> path.getFileName().equals(fileName)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyHelmAndValuesFile")
    @DisplayName("passes helm lint --strict in every mode")
    void passesHelmLintStrict(Helm helm, Path values) throws IOException {
        Helm.Result result = helm.run("lint", "--strict", Helm.CHART.toString(), "-f", resolve(values).toString());

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyHelmAndValuesFile")
    @DisplayName("renders only manifests that Kubernetes 1.32 accepts, hooks included")
    void rendersValidKubernetesManifests(Helm helm, Path values) throws IOException {
        Manifests manifests = helm.render("-f", resolve(values).toString());

        assertThat(manifests.kinds()).contains("Job");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyHelmAndValuesFile")
    @DisplayName("renders the same bytes twice from the same values")
    void rendersTheSameBytesTwice(Helm helm, Path values) throws IOException {
        String first = helm.template("-f", resolve(values).toString()).assertSuccess().stdout();
        String second = helm.template("-f", resolve(values).toString()).assertSuccess().stdout();

        assertThat(second).isEqualTo(first);
    }

    @EveryHelm
    @DisplayName("packages into a chart archive")
    void packagesIntoAChartArchive(Helm helm, @TempDir Path target) {
        Helm.Result result = helm.run("package", Helm.CHART.toString(), "--destination", target.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Path archive = target.resolve("schemahook-0.1.0.tgz");
        assertThat(archive).isRegularFile();
        Helm.Result shown = helm.run("show", "chart", archive.toString()).assertSuccess();
        Map<String, Object> chart = Manifests.parse(shown.stdout()).all().get(0);
        assertThat(chart).containsEntry("name", "schemahook").containsEntry("version", "0.1.0")
                .containsEntry("appVersion", "0.1.0").containsEntry("apiVersion", "v2");
    }
}

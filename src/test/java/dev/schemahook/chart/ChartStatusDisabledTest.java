package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * status.enabled=false, the default: the chart renders what it rendered before the status service existed. The
 * reference is the same chart without its status-*.yaml templates, so any byte the status feature adds shows up.
 */
@DisplayName("With the status service off")
class ChartStatusDisabledTest {

    /** Every status.* switch turned on except status.enabled itself. */
    private static final String[] STATUS_SETTINGS_WITHOUT_ENABLED = {
        "--set", "status.serviceMonitor.enabled=true,status.prometheusRule.enabled=true,status.port=9000",
        "--set", "status.snapshot.path=/snapshot.json,status.snapshot.configMap.name=both-set-is-invalid-when-on",
    };

    @TempDir
    Path folder;

    /** A copy of the chart without the status templates. */
    private Path chartWithoutStatus() {
        Path copy = folder.resolve("schemahook");
        if (!Files.isDirectory(copy)) {
            try (Stream<Path> files = Files.walk(Helm.CHART)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(Helm.CHART.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else if (!file.getFileName().toString().startsWith("status-")) {
                        Files.copy(file, target);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return copy;
    }

    /** The values of each mode: the default (hook), every chart-testing file but the status one. */
    private static List<String[]> everyMode() throws IOException {
        List<String[]> modes = new ArrayList<>();
        modes.add(withDatabase());
        try (Stream<Path> ci = Files.list(Helm.CHART.resolve("ci"))) {
            ci.filter(path -> path.getFileName().toString().endsWith("-values.yaml"))
                    .filter(path -> !path.getFileName().toString().startsWith("status-"))
                    .sorted().forEach(path -> modes.add(new String[] {"-f", path.toString()}));
        }
        assertThat(modes).hasSizeGreaterThanOrEqualTo(6);
        return modes;
    }

    private static String[] concat(String[] first, String[] second) {
        return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
    }

    @EveryHelm
    @DisplayName("renders byte for byte what the chart without the status templates renders, in every mode")
    void rendersTheSameBytesAsWithoutTheStatusTemplates(Helm helm) throws IOException {
        for (String[] mode : everyMode()) {
            String withStatusTemplates = helm.template(mode).assertSuccess().stdout();
            String withoutStatusTemplates = helm.templateOf(chartWithoutStatus(), mode).assertSuccess().stdout();

            assertThat(withStatusTemplates).as("helm template %s", List.of(mode)).isEqualTo(withoutStatusTemplates);
        }
    }

    @EveryHelm
    @DisplayName("ignores every other status setting while status.enabled is false")
    void ignoresTheOtherStatusSettings(Helm helm) throws IOException {
        for (String[] mode : everyMode()) {
            String plain = helm.template(mode).assertSuccess().stdout();
            String withSettings = helm.template(concat(mode, STATUS_SETTINGS_WITHOUT_ENABLED)).assertSuccess().stdout();

            assertThat(withSettings).as("helm template %s", List.of(mode)).isEqualTo(plain);
        }
    }

    @EveryHelm
    @DisplayName("renders no Deployment, Service, ServiceMonitor or PrometheusRule by default")
    void rendersNoStatusResourcesByDefault(Helm helm) {
        Manifests manifests = helm.render(withDatabase());

        assertThat(manifests.kinds()).doesNotContain("Deployment", "Service", "ServiceMonitor", "PrometheusRule");
        assertThat(manifests.all()).allSatisfy(resource -> assertThat(Manifests.labels(resource))
                .doesNotContainEntry("app.kubernetes.io/component", "status"));
    }

    @EveryHelm
    @DisplayName("renders no status service when the whole chart is switched off")
    void rendersNothingWhenTheChartIsOff(Helm helm) {
        Helm.Result result = helm.template("--set", "enabled=false,status.enabled=true");

        assertThat(result.assertSuccess().manifests().all()).isEmpty();
    }
}

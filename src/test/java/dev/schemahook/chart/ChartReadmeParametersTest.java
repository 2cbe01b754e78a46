package dev.schemahook.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.schemahook.testing.Helm;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parameters table of chart/README.md is what Bitnami's readme-generator-for-helm makes of values.yaml, run
 * here on copies of both files with the version pinned in .ci/readme-generator.
 */
@DisplayName("The chart's README")
class ChartReadmeParametersTest {

    private static final String REGENERATE = "regenerate it with .ci/readme-generator/generate";
    private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) ", Pattern.MULTILINE);

    /** What the generator did with a values file and a README, both copied into a folder of their own. */
    private record Generated(int exitCode, String output, String readme) {
    }

    private static Generated generate(Path folder, String values) throws IOException, InterruptedException {
        Path install = Helm.repository().resolve(".ci/install-readme-generator");
        Process installer = new ProcessBuilder("bash", install.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String generator = new String(installer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(installer.waitFor(5, TimeUnit.MINUTES)).as("install the readme generator").isTrue();
        assertThat(installer.exitValue()).as("%s failed (its errors are above)", install).isZero();

        Path valuesFile = Files.writeString(folder.resolve("values.yaml"), values);
        Path readme = Files.copy(Helm.CHART.resolve("README.md"), folder.resolve("README.md"));
        Process process = new ProcessBuilder("node", generator, "--values", valuesFile.toString(), "--readme",
                readme.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the readme generator finishes").isTrue();
        return new Generated(process.exitValue(), output, Files.readString(readme, StandardCharsets.UTF_8));
    }

    private static String values() throws IOException {
        return Files.readString(Helm.CHART.resolve("values.yaml"), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("lists every parameter of values.yaml, as the readme generator writes the table")
    void listsEveryParameterAsGenerated(@TempDir Path folder) throws Exception {
        Generated generated = generate(folder, values());

        assertThat(generated.exitCode()).as(generated.output()).isZero();
        assertThat(Files.readString(Helm.CHART.resolve("README.md"), StandardCharsets.UTF_8))
                .as("the parameters table is out of date: " + REGENERATE).isEqualTo(generated.readme());
    }

    @Test
    @DisplayName("refuses a value without a @param comment, so the table cannot leave one out")
    void refusesAnUndocumentedValue(@TempDir Path folder) throws Exception {
        Generated generated = generate(folder, values() + "\nundocumentedKnob: 3\n");

        assertThat(generated.exitCode()).isNotZero();
        assertThat(generated.output()).contains("Missing metadata for key: undocumentedKnob");
    }

    @Test
    @DisplayName("types every documented value in values.schema.json")
    void typesEveryValueInTheSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Helm.CHART.resolve("values.schema.json").toFile());
        List<String> keys = new ArrayList<>();
        Matcher param = PARAM.matcher(values());
        while (param.find()) {
            keys.add(param.group(1));
        }

        assertThat(keys).hasSizeGreaterThan(50).allSatisfy(key -> {
            JsonNode node = schema;
            for (String part : key.split("\\.")) {
                node = node.path("properties").path(part);
            }
            assertThat(node.isMissingNode()).as(key + " in values.schema.json").isFalse();
        });
    }
}

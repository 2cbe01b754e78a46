package dev.schemahook.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.schemahook.testing.Helm;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The chart's README")
class ChartReadmeParametersTest {

    private static final String REGENERATE = "regenerate it with ./mvnw -q test-compile exec:java"
            + " -Dexec.mainClass=dev.schemahook.chart.ParametersTable -Dexec.classpathScope=test";

    private final ParametersTable table = ParametersTable.read(Helm.CHART.resolve("values.yaml"));

    ChartReadmeParametersTest() throws IOException {
    }

    @Test
    @DisplayName("lists every parameter of values.yaml, as generated from the @param comments")
    void listsEveryParameterAsGenerated() throws IOException {
        Path readme = Helm.CHART.resolve("README.md");
        String current = Files.readString(readme, StandardCharsets.UTF_8);

        assertThat(current).as("the parameters table is out of date: " + REGENERATE)
                .isEqualTo(ParametersTable.rewrite(current, table.markdown()));
    }

    @Test
    @DisplayName("documents every value with a @param")
    void documentsEveryValue() {
        assertThat(table.undocumentedKeys()).as("values without a ## @param comment").isEmpty();
    }

    @Test
    @DisplayName("documents only values that exist")
    void documentsOnlyValuesThatExist() {
        assertThat(table.parameters()).as("@param comments naming no value")
                .allSatisfy(parameter -> assertThat(table.hasKey(parameter.key())).as(parameter.key()).isTrue());
    }

    @Test
    @DisplayName("types every documented value in values.schema.json")
    void typesEveryValueInTheSchema() throws IOException {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Helm.CHART.resolve("values.schema.json").toFile());

        assertThat(table.parameters()).allSatisfy(parameter -> {
            var node = schema;
            for (String part : parameter.key().split("\\.")) {
                node = node.path("properties").path(part);
            }
            assertThat(node.isMissingNode()).as(parameter.key() + " in values.schema.json").isFalse();
        });
    }
}

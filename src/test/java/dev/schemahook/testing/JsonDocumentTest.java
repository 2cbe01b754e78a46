package dev.schemahook.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("the tests' reading of \"exactly one JSON document\"")
class JsonDocumentTest {
    /** Jackson's own entry points, which read the first value of a text and ignore whatever follows it. */
    private static final Pattern LENIENT_READ = Pattern.compile("\\.readTree\\(|\\.readValue\\(");

    @Test
    @DisplayName("accepts one document with whitespace around it")
    void acceptsOneDocument() {
        assertThat(JsonDocument.parse("  {\"success\": true}\n\n").get("success").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"success\": true}{\"success\": false}", "{\"success\": true}\n{\"success\": false}\n",
            "{\"success\": true}\nerror: something else", "{\"success\": true} 1", "", "  \n"})
    @DisplayName("rejects a second document, trailing text or nothing at all")
    void rejectsAnythingElse(String stdout) {
        assertThatThrownBy(() -> JsonDocument.parse(stdout)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("exactly one JSON document");
    }

    @Test
    @DisplayName("is how the runner's tests read JSON: none of them parses with Jackson alone")
    void runnerTestsReadJsonStrictly() throws IOException {
        List<Path> runnerTests;
        try (Stream<Path> files = Files.list(Helm.repository().resolve("src/test/java/dev/schemahook/it"))) {
            runnerTests = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(runnerTests).as("the runner's test classes").hasSizeGreaterThan(20);
        List<String> lenient = new ArrayList<>();
        for (Path file : runnerTests) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (LENIENT_READ.matcher(lines.get(i)).find()) {
                    lenient.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(lenient).as("what the runner and serve print is one JSON document: parse it with"
                + " JsonDocument.parse, which fails on anything after it").isEmpty();
    }
}

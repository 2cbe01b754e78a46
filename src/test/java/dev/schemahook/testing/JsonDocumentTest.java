package dev.schemahook.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("the tests' reading of \"exactly one JSON document\"")
class JsonDocumentTest {

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
}

package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * serve is an application of its own (serve/): the runner has only its name, and answers it before Quarkus starts.
 * Quarkus logs "powered by Quarkus" at INFO when it boots, so with that logger at INFO stderr tells which path answered.
 */
@DisplayName("serve asked of the runner")
class ServeOutsideRunnerTest {
    private static final String QUARKUS_STARTED = "(powered by Quarkus";
    private static final Map<String, String> QUARKUS_AT_INFO = Map.of("QUARKUS_LOG_CATEGORY__IO_QUARKUS__LEVEL", "INFO",
            "SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:1/db");
    /** What Quarkus logs at start-up for a configuration key no extension of the application knows. */
    private static final String UNKNOWN_SETTING = "Unrecognized configuration key";
    private static final String ELSEWHERE = "serve is not part of this runner: run /usr/local/bin/schemahook-serve serve,"
            + " the program beside it in the image";

    @Test
    @DisplayName("exits 2 with one line that names the serve program beside it and the serve jar, before Quarkus starts and without a stack trace")
    void usageErrorBeforeBoot() {
        RunResult result = Runner.run(QUARKUS_AT_INFO, "serve", "--http-port", "8080", "--refresh", "1s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr().strip()).as(result.toString()).startsWith("error: " + ELSEWHERE)
                .contains("java -jar serve/target/quarkus-app/quarkus-run.jar serve").doesNotContain("\n");
        assertThat(result.stderr()).doesNotContain(QUARKUS_STARTED).doesNotContain("\tat ");
        assertThat(result.stdout()).isEmpty();
        assertThat(result.terminationMessage()).contains("serve is not part of this runner");
    }

    @Test
    @DisplayName("prints one JSON document with that error under --output json")
    void jsonError() throws Exception {
        RunResult result = Runner.run(QUARKUS_AT_INFO, "serve", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.get("operation").asText()).isEqualTo("serve");
        assertThat(json.get("error").get("exitCode").asInt()).isEqualTo(2);
        assertThat(json.get("error").get("message").asText()).startsWith(ELSEWHERE);
        assertThat(result.stderr()).doesNotContain(QUARKUS_STARTED);
    }

    @Test
    @DisplayName("answers serve --help with the same line on stdout and exit 0, before Quarkus starts")
    void helpPointsToTheServeProgram() {
        RunResult result = Runner.run(QUARKUS_AT_INFO, "serve", "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().strip()).startsWith(ELSEWHERE).doesNotContain("\n");
        assertThat(result.stderr()).doesNotContain(QUARKUS_STARTED);
    }

    @Test
    @DisplayName("still names serve in the runner's --help, with the program beside it that runs it")
    void listedInHelp() {
        RunResult result = Runner.run(Map.of(), "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).containsPattern("(?m)^  serve +The read-only HTTP status service")
                .contains("/usr/local/bin/schemahook-serve, beside it in the image");
    }

    @Test
    @DisplayName("boots Quarkus for the other commands (so the INFO logger above would show a boot), with no setting it does not know")
    void otherCommandsBoot() {
        RunResult result = Runner.run(QUARKUS_AT_INFO, "validate", "--locations", ".", "--wait-timeout", "1s");

        // The runner sets no quarkus.http.* or quarkus.management.* property: it has no extension that knows them.
        assertThat(result.stderr()).as(result.toString()).contains(QUARKUS_STARTED)
                .doesNotContain(UNKNOWN_SETTING);
    }

    @Test
    @DisplayName("the serve application runs the other commands too, with no setting it does not know")
    void serveApplicationRunsTheOtherCommands() {
        RunResult result = Runner.serve(QUARKUS_AT_INFO, "validate", "--locations", ".", "--wait-timeout", "1s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr()).contains(QUARKUS_STARTED).doesNotContain(UNKNOWN_SETTING).doesNotContain("\tat ");
    }
}

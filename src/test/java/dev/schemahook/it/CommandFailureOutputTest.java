package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every failure of every command leaves the same way: the error line, the JSON error, the termination message. */
@DisplayName("a failing command reports its failure as every command does")
class CommandFailureOutputTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"migrate", "info", "validate", "baseline", "repair", "await", "verify", "analyze"})
    @DisplayName("a database that cannot be reached: exit 3, the error line, the JSON error and the termination message")
    void unreachableDatabase(String command) throws IOException {
        Migrations migrations = Migrations.in(temp).add("V1__a.sql", "CREATE TABLE a (id int);");
        List<String> args = new ArrayList<>(List.of(command, "--url", "jdbc:postgresql://127.0.0.1:" + freePort() + "/db",
                "--locations", migrations.location(), "--output", "json"));
        // await waits for the database within its own --timeout and takes no --wait-timeout.
        args.addAll(command.equals("await") ? List.of("--timeout", "1s") : List.of("--wait-timeout", "1s"));
        if (command.equals("baseline")) {
            args.addAll(List.of("--baseline-version", "1"));
        }

        RunResult result = Runner.run(Map.of(), args);

        assertFailure(result, command, 3, "DATABASE_UNREACHABLE", "not reachable within 1s");
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.get("success").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("analyze finding an unsafe migration: exit 6 with its report, the error line naming the finding, and"
            + " the JSON report carrying the error")
    void analyzeFindsUnsafeMigration() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = unsafeRelease();

        RunResult text = Runner.run(server.env(), "analyze", "--locations", migrations.location());
        RunResult json = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--output", "json");

        assertFailure(json, "analyze", 6, "UNSAFE_MIGRATION", "V2__index.sql:1 index-without-concurrently");
        assertThat(json.stderr()).contains("-- schemahook:allow <rule> <reason>");
        JsonNode document = JsonDocument.parse(json.stdout());
        assertThat(document.at("/findingCounts/failing").asInt()).as("the report is still there").isEqualTo(1);
        assertThat(document.at("/migrations/1/findings/0/rule").asText()).isEqualTo("index-without-concurrently");
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(6);
        assertThat(text.stdout()).contains("FAILED (exit 6)").contains("instead: CREATE INDEX CONCURRENTLY");
        assertThat(errorLines(text)).containsExactly(errorLines(json).get(0));
    }

    @Test
    @DisplayName("verify stopped by its analysis: exit 6 with its steps, the error line naming the step, and the JSON"
            + " steps carrying the error")
    void verifyFailsItsAnalysis() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = unsafeRelease();

        RunResult result = Runner.run(server.env(), "verify", "--locations", migrations.location(), "--output", "json");

        assertFailure(result, "verify", 6, "UNSAFE_MIGRATION", "verify failed at 'Analyse locks and rewrites'");
        JsonNode document = JsonDocument.parse(result.stdout());
        assertThat(document.get("steps")).hasSize(4);
        assertThat(document.at("/steps/3/success").asBoolean()).isFalse();
        assertThat(document.get("exitCode").asInt()).isEqualTo(6);
    }

    @Test
    @DisplayName("verify with a broken migration: exit 1, the error line names the file")
    void verifyFailsOnBrokenMigration() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__broken.sql", "CREATE TABLE b (id intt);");

        RunResult result = Runner.run(server.env(), "verify", "--locations", migrations.location(), "--output", "json");

        assertFailure(result, "verify", 1, "MIGRATION_FAILED", "V1__broken.sql");
        assertThat(result.stdout()).contains("intt");
    }

    /** A table with rows, then an index built without CONCURRENTLY on it: one error finding. */
    private Migrations unsafeRelease() {
        return Migrations.in(temp)
                .add("V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n"
                        + "INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 100) g;\n")
                .add("V2__index.sql", "CREATE INDEX orders_status_idx ON orders (status);\n");
    }

    private static void assertFailure(RunResult result, String command, int exitCode, String errorCode, String cause) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(errorLines(result)).as(result.toString()).hasSize(1);
        assertThat(errorLines(result).get(0)).contains(cause).endsWith("(exit " + exitCode + ")");
        assertThat(result.everything()).doesNotContain("\tat ");
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.get("operation").asText()).isEqualTo(command);
        assertThat(json.at("/error/exitCode").asInt()).isEqualTo(exitCode);
        assertThat(json.at("/error/errorCode").asText()).isEqualTo(errorCode);
        assertThat(json.at("/error/message").asText()).contains(cause);
        assertThat(result.terminationMessage()).startsWith("schemahook " + command + " failed (exit " + exitCode + ", "
                + errorCode + "): ").contains(cause);
    }

    private static List<String> errorLines(RunResult result) {
        return result.stderr().lines().filter(line -> line.startsWith("error: ")).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

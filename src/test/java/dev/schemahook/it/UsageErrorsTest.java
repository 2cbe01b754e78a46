package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

// Each case is one runner process and needs no database: run them side by side.
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("bad input")
class UsageErrorsTest {
    private static final Map<String, String> SOME_DATABASE = Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:1/db");

    static Stream<Arguments> badInput() {
        return Stream.of(
                arguments("no database configured", Map.of(), List.of("migrate", "--locations", "."),
                        "no database configured: set --url (SCHEMAHOOK_DB_URL)"),
                arguments("a duration that is not one", SOME_DATABASE, List.of("--wait-timeout", "soon"),
                        "'soon' is not a duration"),
                arguments("a bad duration in the environment", Map.of("SCHEMAHOOK_WAIT_TIMEOUT", "5 minutes",
                        "SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:1/db"), List.of(), "'5 minutes' is not a duration"),
                arguments("an unknown command", SOME_DATABASE, List.of("frobnicate"),
                        "unknown command 'frobnicate': use one of migrate, info"),
                arguments("an unknown flag", SOME_DATABASE, List.of("migrate", "--colour"), "Unknown option: '--colour'"),
                arguments("an unknown --on-future", SOME_DATABASE, List.of("--on-future", "ignore"),
                        "Invalid value for option '--on-future'"),
                arguments("a URL of another database", Map.of("SCHEMAHOOK_DB_URL", "mysql://localhost/db"),
                        List.of("--locations", "."), "is neither a JDBC URL"),
                arguments("a port that is not a number", Map.of("SCHEMAHOOK_DB_URL", "postgresql://localhost:fivefour/db"),
                        List.of("--locations", "."), "'fivefour' is not a port number"),
                arguments("a missing migrations folder", SOME_DATABASE, List.of("--locations", "filesystem:/no/such/folder"),
                        "'filesystem:/no/such/folder' is not a folder"),
                arguments("a cloud location", SOME_DATABASE, List.of("--locations", "s3:bucket/migrations"),
                        "only folders are"),
                arguments("an unreadable password file", SOME_DATABASE,
                        List.of("--locations", ".", "--password-file", "/no/such/secret"),
                        "cannot read the password file /no/such/secret (no such file or folder)"),
                arguments("a password file without end", SOME_DATABASE,
                        List.of("--locations", ".", "--password-file", "/dev/zero"),
                        "the password file /dev/zero holds more than 64 KiB, which is no password"),
                arguments("--postgres-version for a server of --url", Map.of(),
                        List.of("verify", "--locations", ".", "--url", "jdbc:postgresql://localhost:1/db", "--postgres-version", "14"),
                        "--postgres-version chooses the embedded PostgreSQL, and this run uses the server of --url"),
                arguments("--embedded next to --url", Map.of(),
                        List.of("migrate", "--locations", ".", "--url", "jdbc:postgresql://localhost:1/db", "--embedded"),
                        "--embedded and --url both name the database: give one of them"),
                arguments("port 0", Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:0/db"),
                        List.of("--locations", "."), "the URL's port '0' is not a port number (1-65535)"),
                arguments("a URL parameter the driver refuses", Map.of("SCHEMAHOOK_DB_URL",
                        "jdbc:postgresql://localhost:1/db?sslmode=bogus"), List.of("--locations", "."),
                        "the JDBC driver refuses a setting of localhost:1/db: Invalid sslmode value: bogus"),
                arguments("a duration too long to count", SOME_DATABASE, List.of("--wait-timeout", "99999999999h"),
                        "'99999999999h' is longer than the longest duration taken"),
                arguments("a lock timeout PostgreSQL does not take", SOME_DATABASE,
                        List.of("--locations", ".", "--lock-timeout", "30d"), "--lock-timeout 720h is more than PostgreSQL takes (at most 1073741823ms, about 12 days)"),
                arguments("empty locations", Map.of("SCHEMAHOOK_LOCATIONS", "", "SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:1/db"),
                        List.of("migrate"), "--locations is empty: name the folder of the migrations"),
                arguments("baseline without a version", SOME_DATABASE, List.of("baseline"), "Missing required option: '--baseline-version"),
                arguments("a negative retry count", SOME_DATABASE, List.of("--locations", ".", "--lock-retries", "-1"),
                        "--lock-retries must be 0 or more"),
                arguments("serve on a port that is not a number", SOME_DATABASE,
                        List.of("serve", "--locations", ".", "--http-port", "web"), "Invalid value for option '--http-port'"),
                arguments("serve on a port out of range", SOME_DATABASE,
                        List.of("serve", "--locations", ".", "--http-port", "70000"), "--http-port 70000 is not a port"),
                // Port 0 opens nothing (it is checked after these two), so the cases hold no port.
                arguments("serve refreshing never", SOME_DATABASE,
                        List.of("serve", "--locations", ".", "--http-port", "0", "--refresh", "0"),
                        "--refresh must be longer than 0"),
                arguments("serve with a snapshot that is not there", SOME_DATABASE,
                        List.of("serve", "--locations", ".", "--http-port", "0", "--snapshot", "/no/such/snapshot.json"),
                        "snapshot /no/such/snapshot.json cannot be read"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    @DisplayName("exits 2 with one line that names the problem, and no stack trace")
    void exitsTwoWithOneLine(String scenario, Map<String, String> env, List<String> args, String expected) {
        RunResult result = run(env, args);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains(expected).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(result.stderr().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    @DisplayName("prints exactly one JSON document with the error under --output json")
    void printsOneJsonDocument(String scenario, Map<String, String> env, List<String> args, String expected) throws Exception {
        List<String> withJson = new java.util.ArrayList<>(args);
        withJson.addAll(List.of("--output", "json"));
        if (args.equals(List.of("migrate", "--colour"))) {
            withJson = List.of("migrate", "--output", "json", "--colour");
        }

        RunResult result = run(env, withJson);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.get("success").asBoolean()).isFalse();
        assertThat(json.get("error").get("exitCode").asInt()).isEqualTo(2);
        assertThat(json.get("error").get("message").asText()).contains(expected);
    }

    /** serve's cases run the serve application, where serve is; the runner has only its name (ServeOutsideRunnerTest). */
    private static RunResult run(Map<String, String> env, List<String> args) {
        return !args.isEmpty() && args.get(0).equals("serve") ? Runner.serve(env, args.toArray(String[]::new))
                : Runner.run(env, args);
    }
}

package dev.schemahook.it;

import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("an option the command does not use")
class CommandUnusedOptionTest {
    /** Unreachable: a usage error must be reported before any connection is tried. */
    private static final Map<String, String> SOME_DATABASE = Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:1/db");

    /**
     * A sample, one or two per command (each case starts the runner): which options each command takes is held to the
     * README's table by CommandHelpMatchesReadmeTest, and picocli refuses every option a command does not declare.
     */
    static Stream<Arguments> unusedOptions() {
        return Stream.of(
                arguments("baseline", "--lock-retries", List.of("baseline", "--baseline-version", "1", "--lock-retries", "3")),
                arguments("baseline", "--target", List.of("baseline", "--baseline-version", "1", "--target", "2")),
                arguments("baseline", "--out-of-order", List.of("baseline", "--baseline-version", "1", "--out-of-order")),
                arguments("baseline", "--on-future", List.of("baseline", "--baseline-version", "1", "--on-future", "fail")),
                arguments("info", "--lock-retries", List.of("info", "--lock-retries", "3")),
                arguments("validate", "--baseline-on-migrate", List.of("validate", "--baseline-on-migrate")),
                arguments("repair", "--target", List.of("repair", "--target", "2")),
                arguments("await", "--wait-timeout", List.of("await", "--wait-timeout", "10s")),
                arguments("await", "--embedded", List.of("await", "--embedded")),
                arguments("verify", "--embedded", List.of("verify", "--embedded")),
                arguments("analyze", "--on-future", List.of("analyze", "--on-future", "fail")),
                arguments("migrate", "--timeout", List.of("--timeout", "5m")),
                arguments("migrate", "--description", List.of("migrate", "--description", "x")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unusedOptions")
    @DisplayName("is an unknown option there: exit 2 and one line naming the option and the command")
    void isRejected(String command, String option, List<String> args) {
        RunResult result = Runner.run(SOME_DATABASE, args);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<String> errors = result.stderr().lines().filter(line -> line.startsWith("error:")).toList();
        assertThat(errors).as(result.toString()).hasSize(1);
        assertThat(errors.get(0)).contains("Unknown option").contains("'" + option + "'")
                .contains("see 'schemahook " + command + " --help'");
        assertThat(result.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    @DisplayName("baseline --version names --baseline-version, and --version as the runner's version")
    void baselineVersionIsRenamed() {
        RunResult result = Runner.run(SOME_DATABASE, "baseline", "--version", "3");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr().lines().filter(line -> line.startsWith("error:")).toList()).as(result.toString())
                .containsExactly("error: baseline takes --baseline-version VERSION (--version is the runner's version:"
                        + " schemahook --version); see 'schemahook baseline --help' (exit 2)");
    }

    @Test
    @DisplayName("a variable of an option the command does not take is not read by it")
    void variableOfUnusedOptionIsIgnored() {
        // --lock-retries -1 is a usage error for migrate; info does not take the option, so its variable is not read.
        Map<String, String> env = Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:1/db",
                "SCHEMAHOOK_LOCK_RETRIES", "-1", "SCHEMAHOOK_WAIT_TIMEOUT", "1s");

        RunResult migrate = Runner.run(env, "migrate", "--locations", ".");
        RunResult info = Runner.run(env, "info", "--locations", ".");

        assertThat(migrate.exitCode()).as(migrate.toString()).isEqualTo(2);
        assertThat(migrate.stderr()).contains("--lock-retries must be 0 or more");
        assertThat(info.exitCode()).as("info waits for the database instead: " + info).isEqualTo(3);
    }
}

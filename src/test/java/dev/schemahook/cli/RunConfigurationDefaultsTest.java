package dev.schemahook.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command that does not take an option runs with {@link RunConfiguration}'s value for it; migrate takes every one of
 * them, so its configuration without flags or variables must be exactly those values: one default, not two.
 */
@DisplayName("a setting no option of the command touches keeps the option's documented default")
class RunConfigurationDefaultsTest {
    @Test
    @DisplayName("migrate without flags or variables is configured exactly as a command that takes none of its options")
    void migrateDefaultsAreRunConfigurationDefaults() {
        assertThat(System.getenv().keySet()).as("the test runs without SCHEMAHOOK_* variables, which would change"
                + " migrate's defaults").noneMatch(name -> name.startsWith("SCHEMAHOOK_"));
        MigrateCommand migrate = new MigrateCommand();
        new CommandLine(migrate).setCaseInsensitiveEnumValuesAllowed(true).parseArgs();
        Map<String, String> environment = Map.of();

        RunConfiguration parsed = migrate.configuration(environment);
        RunConfiguration untouched = new RunConfiguration(environment);

        assertThat(parsed.migrationConfig()).isEqualTo(untouched.migrationConfig());
        assertThat(parsed.connectionConfig()).isEqualTo(untouched.connectionConfig());
        assertThat(parsed.embeddedRequested).isEqualTo(untouched.embeddedRequested);
    }
}

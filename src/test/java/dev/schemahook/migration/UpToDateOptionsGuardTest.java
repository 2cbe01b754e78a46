package dev.schemahook.migration;

import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer before boot decides for migrate and await without Flyway, so every option of theirs must be accounted
 * for: read by the check, without a say in whether the database is current, or sent to the full run. An option added
 * to neither list fails this test until someone decides which it is (and, for the check, proves it in
 * UpToDateCheckAgreesWithFlywayIT).
 */
@DisplayName("every option of migrate and await is handled by the answer before boot or sent to the full run")
class UpToDateOptionsGuardTest {
    enum Handling {
        /** The check reads it and decides as Flyway does (proved by the differential tests). */
        CHECKED,
        /** It changes how the run waits, connects or prints, never whether the database is current. */
        NO_SAY,
        /** Set, it makes the early answer give up and Flyway decide. */
        FULL_RUN
    }

    /** The command line of migrate and await, each option by its longest name. */
    private static final Map<String, Handling> OPTIONS = Map.ofEntries(
            entry("--url", Handling.NO_SAY),
            entry("--user", Handling.NO_SAY),
            entry("--password", Handling.NO_SAY),
            entry("--password-file", Handling.NO_SAY),
            entry("--wait-timeout", Handling.NO_SAY),
            // The embedded server is started by the full run only (RunnerCommand.answerBeforeBoot).
            entry("--embedded", Handling.FULL_RUN),
            entry("--postgres-version", Handling.NO_SAY),
            entry("--locations", Handling.CHECKED),
            entry("--schemas", Handling.CHECKED),
            entry("--table", Handling.CHECKED),
            entry("--target", Handling.FULL_RUN),
            entry("--out-of-order", Handling.FULL_RUN),
            // Both act on a schema without a history table, which the check never answers.
            entry("--baseline-on-migrate", Handling.NO_SAY),
            entry("--baseline-version", Handling.NO_SAY),
            // Versioned checksums are taken before replacement; a repeatable migration with placeholders never matches
            // its stored checksum, so Flyway decides it.
            entry("--placeholder", Handling.CHECKED),
            // Newer migrations are left to the full run before boot, which applies the policy to the check's answer.
            entry("--on-future", Handling.CHECKED),
            entry("--lock-timeout", Handling.NO_SAY),
            entry("--statement-timeout", Handling.NO_SAY),
            entry("--lock-retries", Handling.NO_SAY),
            entry("--migration-lock-timeout", Handling.NO_SAY),
            entry("--timeout", Handling.NO_SAY),
            // A phase only stops early among pending migrations; the check answers only when none is pending.
            entry("--phase", Handling.NO_SAY),
            entry("--output", Handling.NO_SAY),
            entry("--log-format", Handling.NO_SAY),
            entry("--help", Handling.NO_SAY));

    /** The configuration the check is given, by record component. */
    private static final Map<String, Handling> CONFIG = Map.ofEntries(
            entry("locations", Handling.CHECKED),
            entry("schemas", Handling.CHECKED),
            entry("table", Handling.CHECKED),
            entry("target", Handling.FULL_RUN),
            entry("outOfOrder", Handling.FULL_RUN),
            entry("baselineOnMigrate", Handling.NO_SAY),
            entry("baselineVersion", Handling.NO_SAY),
            entry("placeholders", Handling.CHECKED),
            entry("onFuture", Handling.CHECKED),
            entry("lockTimeout", Handling.NO_SAY),
            entry("statementTimeout", Handling.NO_SAY),
            entry("lockRetries", Handling.NO_SAY),
            entry("migrationLockTimeout", Handling.NO_SAY));

    @Test
    @DisplayName("each option of migrate and await is in the list")
    void everyOptionIsClassified() throws Exception {
        TreeSet<String> names = new TreeSet<>();
        for (String command : List.of("dev.schemahook.cli.MigrateCommand", "dev.schemahook.cli.AwaitCommand")) {
            Constructor<?> constructor = Class.forName(command).getDeclaredConstructor();
            constructor.setAccessible(true);
            new CommandLine(constructor.newInstance()).getCommandSpec().options()
                    .forEach(option -> names.add(option.longestName()));
        }
        assertThat(names).as("options of migrate and await: add a new one to OPTIONS, and to the check or to"
                + " UpToDateCheck.sentToFullRun").containsExactlyInAnyOrderElementsOf(OPTIONS.keySet());
    }

    @Test
    @DisplayName("each part of the migration configuration is in the list")
    void everyConfigComponentIsClassified() {
        List<String> components = Arrays.stream(MigrationConfig.class.getRecordComponents()).map(RecordComponent::getName)
                .toList();
        assertThat(CONFIG.keySet()).as("MigrationConfig: add a new component to CONFIG, and to the check or to"
                + " UpToDateCheck.sentToFullRun").containsExactlyInAnyOrderElementsOf(components);
    }

    @Test
    @DisplayName("what is sent to the full run is sent, and nothing else is")
    void fullRunOptionsGiveUp() {
        assertThat(UpToDateCheck.sentToFullRun(config(Optional.empty(), false))).isFalse();
        assertThat(UpToDateCheck.sentToFullRun(config(Optional.of("2"), false))).as("target").isTrue();
        assertThat(UpToDateCheck.sentToFullRun(config(Optional.empty(), true))).as("outOfOrder").isTrue();
        assertThat(CONFIG.entrySet().stream().filter(e -> e.getValue() == Handling.FULL_RUN).map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("target", "outOfOrder");
    }

    private static MigrationConfig config(Optional<String> target, boolean outOfOrder) {
        return new MigrationConfig(List.of("filesystem:/migrations"), List.of(), "flyway_schema_history", target,
                outOfOrder, false, "1", Map.of(), FuturePolicy.WARN, Duration.ofSeconds(5), Duration.ZERO, 5,
                Duration.ofMinutes(10));
    }
}

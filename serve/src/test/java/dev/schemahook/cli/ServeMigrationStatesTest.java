package dev.schemahook.cli;

import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * schemahook_migrations{state} from Flyway's state names, as info reports them: every state of the Flyway on the class
 * path has its bucket here, so a Flyway upgrade that adds one fails this test instead of vanishing from the metric.
 */
@DisplayName("serve counts each of Flyway's migration states in one bucket")
class ServeMigrationStatesTest {
    private static final Map<MigrationState, String> EXPECTED = new EnumMap<>(Map.ofEntries(
            Map.entry(MigrationState.SUCCESS, "applied"),
            Map.entry(MigrationState.BASELINE, "applied"),
            Map.entry(MigrationState.OUT_OF_ORDER, "applied"),
            Map.entry(MigrationState.SUPERSEDED, "applied"),
            Map.entry(MigrationState.MISSING_SUCCESS, "applied"),
            Map.entry(MigrationState.PENDING, "pending"),
            Map.entry(MigrationState.IGNORED, "pending"),
            Map.entry(MigrationState.OUTDATED, "pending"),
            Map.entry(MigrationState.FUTURE_SUCCESS, "future"),
            Map.entry(MigrationState.FAILED, "failed"),
            Map.entry(MigrationState.FUTURE_FAILED, "failed"),
            Map.entry(MigrationState.MISSING_FAILED, "failed"),
            Map.entry(MigrationState.ABOVE_TARGET, "none"),
            Map.entry(MigrationState.BELOW_BASELINE, "none"),
            Map.entry(MigrationState.BASELINE_IGNORED, "none"),
            Map.entry(MigrationState.UNDONE, "none"),
            Map.entry(MigrationState.AVAILABLE, "none"),
            Map.entry(MigrationState.DELETED, "none")));

    @Test
    @DisplayName("maps every state Flyway has: applied, pending (what await waits for), future, failed, or none")
    void everyFlywayState() {
        assertThat(EXPECTED.keySet()).as("Flyway's states").containsExactlyInAnyOrder(MigrationState.values());
        for (MigrationState state : MigrationState.values()) {
            String bucket = ServeCommand.stateOf(state.getDisplayName());
            assertThat(bucket == null ? "none" : bucket).as(state.getDisplayName()).isEqualTo(EXPECTED.get(state));
            if (state.isFailed()) {
                assertThat(bucket).as("Flyway calls " + state + " failed").isEqualTo("failed");
            }
        }
    }
}

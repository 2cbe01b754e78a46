package dev.schemahook.migration;

import dev.schemahook.config.FuturePolicy;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** --on-future applied to migrations newer than this image, as after a rollback: a warning, or exit 4 with fail. */
final class FutureMigrations {
    private static final Logger LOG = Logger.getLogger(FutureMigrations.class);
    private static final Set<MigrationState> FUTURE = EnumSet.of(MigrationState.FUTURE_SUCCESS, MigrationState.FUTURE_FAILED);

    private final FuturePolicy policy;

    FutureMigrations(FuturePolicy policy) {
        this.policy = policy;
    }

    /** The warnings for the future migrations among Flyway's {@code all}. */
    List<String> warnings(MigrationInfo[] all) {
        return warnings(Arrays.stream(all).filter(i -> FUTURE.contains(i.getState())).map(MigrationRecords::label)
                .toList());
    }

    /** A warning for migrations newer than this image, as after a rollback; exit 4 with --on-future fail. */
    List<String> warnings(List<String> future) {
        List<String> warnings = new ArrayList<>();
        if (future.isEmpty()) {
            return warnings;
        }
        if (policy == FuturePolicy.FAIL) {
            throw new SchemahookException(ExitCode.VALIDATION_FAILED, "the database holds " + future.size()
                    + " migration(s) newer than this image (" + String.join(", ", future) + "): deploy an image that"
                    + " has them, or run with --on-future warn (SCHEMAHOOK_ON_FUTURE=warn) to accept a rollback");
        }
        String warning = "the database holds " + future.size() + " migration(s) newer than this image ("
                + String.join(", ", future) + "), as after a rollback; they stay applied and the schema is left as it is";
        LOG.warn(warning);
        warnings.add(warning);
        return warnings;
    }
}

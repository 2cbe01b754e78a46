package dev.schemahook.migration;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

@DisplayName("loading Flyway while Quarkus starts")
class FlywayWarmUpTest {

    @Test
    @DisplayName("every class the warm-up loads exists in the Flyway schemahook bundles, so an upgrade that renames one fails here")
    void everyClassExists() {
        assertThat(FlywayWarmUp.CLASSES).isNotEmpty().doesNotHaveDuplicates();
        for (String name : FlywayWarmUp.CLASSES) {
            assertThatCode(() -> Class.forName(name, false, FlywayWarmUp.class.getClassLoader()))
                    .as("%s is in the bundled Flyway %s; update FlywayWarmUp.CLASSES from a -Xlog:class+load timeline", name,
                            Flyway.class.getPackage().getImplementationVersion())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    @DisplayName("the run waits for the warm-up to end before it builds Flyway, and a second start changes nothing")
    void awaitEndsTheWarmUp() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            FlywayWarmUp.start();
            FlywayWarmUp.start();
            FlywayWarmUp.awaitLoaded();
        });
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("schemahook-flyway-warm-up"));
        assertThatCode(() -> Flyway.configure().load()).doesNotThrowAnyException();
    }
}

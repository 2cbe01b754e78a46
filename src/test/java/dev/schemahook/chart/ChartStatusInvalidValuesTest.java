package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;

import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The chart refuses status values that cannot work")
class ChartStatusInvalidValuesTest {

    private static AbstractStringAssert<?> assertRefuses(Helm helm, String... args) {
        Helm.Result result = helm.template(withDatabase(args));

        assertThat(result.exitCode()).as("exit code of helm template %s", List.of(args)).isNotZero();
        assertThat(result.stdout()).isEmpty();
        return assertThat(result.stderr());
    }

    @EveryHelm
    @DisplayName("rejects a port outside 1 to 65535, naming status.port")
    void rejectsAPortOutOfRange(Helm helm) {
        assertRefuses(helm, "--set", "status.enabled=true,status.port=70000").contains("status").contains("port")
                .containsPattern("65,?535");
        assertRefuses(helm, "--set", "status.enabled=true,status.port=0").contains("status").contains("port");
    }

    @EveryHelm
    @DisplayName("rejects a misspelt status key instead of ignoring it")
    void rejectsAnUnknownKey(Helm helm) {
        assertRefuses(helm, "--set", "status.enabeld=true").contains("enabeld");
        assertRefuses(helm, "--set", "status.serviceMonitor.intervall=30s").contains("intervall");
    }

    @EveryHelm
    @DisplayName("rejects a refresh the runner cannot read and a scrape interval Prometheus cannot read")
    void rejectsBadDurations(Helm helm) {
        assertRefuses(helm, "--set", "status.enabled=true,status.refresh=every minute").contains("refresh");
        assertRefuses(helm, "--set", "status.serviceMonitor.interval=30 seconds").contains("interval");
        assertRefuses(helm, "--set", "status.prometheusRule.alerts.drift.for=soon").contains("for");
    }

    @EveryHelm
    @DisplayName("refuses a snapshot both in the image and in a ConfigMap")
    void refusesTwoSnapshots(Helm helm) {
        assertRefuses(helm, "--set", "status.enabled=true,status.snapshot.path=/s.json,status.snapshot.configMap.name=s")
                .contains("status.snapshot.path and status.snapshot.configMap.name are both set");
    }

    @EveryHelm
    @DisplayName("refuses a read-only user without the Secret of its password, and that Secret without a user")
    void refusesHalfOfTheServicesCredentials(Helm helm) {
        assertRefuses(helm, "--set", "status.enabled=true,status.database.user=reader")
                .contains("set the Secret holding that user's password").contains("status.database.existingSecret.name");
        assertRefuses(helm, "--set", "status.enabled=true,status.database.existingSecret.name=reader-db")
                .contains("set status.database.existingSecret.userKey or status.database.user");
    }

    @EveryHelm
    @DisplayName("refuses an extra variable that would move the port away from the probes")
    void refusesAnExtraHttpPort(Helm helm) {
        assertRefuses(helm, "--set", "status.enabled=true",
                "--set-json", "status.extraEnv=[{\"name\":\"SCHEMAHOOK_HTTP_PORT\",\"value\":\"9000\"}]")
                .contains("status.extraEnv sets SCHEMAHOOK_HTTP_PORT").contains("set status.port");
    }
}

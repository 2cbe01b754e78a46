package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;

import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The chart refuses values that cannot work")
class ChartInvalidValuesTest {

    /** Renders the chart with the given arguments, asserts that helm fails, and returns an assert on its stderr. */
    private static AbstractStringAssert<?> assertRefuses(Helm helm, String... args) {
        Helm.Result result = helm.template(args);

        assertThat(result.exitCode()).as("exit code of helm template %s", List.of(args)).isNotZero();
        return assertThat(result.stderr());
    }

    @EveryHelm
    @DisplayName("fails with a message naming database.url when no database is configured")
    void failsNamingDatabaseUrlWithoutADatabase(Helm helm) {
        assertRefuses(helm).contains("no database configured").contains("database.url");
    }

    @EveryHelm
    @DisplayName("names every problem at once")
    void namesEveryProblemAtOnce(Helm helm) {
        assertRefuses(helm, "--set", "database.url=jdbc:postgresql://db/shop,database.host=db",
                "--set", "database.password=secret,database.existingSecret.name=shop-db",
                "--set", "database.existingSecret.urlKey=jdbc-uri",
                "--set", "database.user=shop,database.existingSecret.userKey=user",
                "--set", "database.tls.caSecret=db-ca,database.tls.caKey=")
                .contains("6 invalid value(s)")
                .contains("database.url and database.host are both set")
                .contains("database.url and database.existingSecret.urlKey are both set")
                .contains("database.host and database.existingSecret.urlKey are both set")
                .contains("database.password and database.existingSecret.name are both set")
                .contains("database.user and database.existingSecret.userKey are both set")
                .contains("database.tls.caKey is empty");
    }

    @EveryHelm
    @DisplayName("rejects a placeholder name that cannot be an environment variable")
    void rejectsABadPlaceholderName(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "migration.placeholders.bad-name=x")).contains("bad-name");
    }

    @EveryHelm
    @DisplayName("refuses both an inline password and an existing Secret")
    void refusesPasswordAndExistingSecret(Helm helm) {
        assertRefuses(helm, "--set", "database.host=db,database.password=secret",
                "--set", "database.existingSecret.name=shop-db")
                .contains("database.password and database.existingSecret.name are both set");
    }

    @EveryHelm
    @DisplayName("refuses keys of an existing Secret without the Secret's name")
    void refusesSecretKeysWithoutTheSecretName(Helm helm) {
        assertRefuses(helm, "--set", "database.existingSecret.urlKey=jdbc-uri")
                .contains("set database.existingSecret.name");
    }

    @EveryHelm
    @DisplayName("rejects an unknown mode with the modes it knows")
    void rejectsAnUnknownMode(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "migration.mode=bogus"))
                .contains("migration").contains("mode").contains("hook").contains("argocd").contains("job");
    }

    @EveryHelm
    @DisplayName("rejects a value of the wrong type")
    void rejectsAValueOfTheWrongType(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "job.backoffLimit=twice"))
                .contains("backoffLimit").containsIgnoringCase("integer");
    }

    @EveryHelm
    @DisplayName("rejects a misspelt value instead of ignoring it")
    void rejectsAMisspeltValue(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "migration.outOfOder=true")).contains("outOfOder");
    }

    @EveryHelm
    @DisplayName("rejects a duration the runner cannot read")
    void rejectsABadDuration(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "migration.lockTimeout=5 seconds")).contains("lockTimeout");
    }

    @EveryHelm
    @DisplayName("rejects an unknown sslMode")
    void rejectsAnUnknownSslMode(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "database.sslMode=on")).contains("sslMode");
    }

    @EveryHelm
    @DisplayName("refuses an existing Secret without the key of its password")
    void refusesAnExistingSecretWithoutPasswordKey(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "database.existingSecret.passwordKey="))
                .contains("database.existingSecret.passwordKey is empty");
    }

    @EveryHelm
    @DisplayName("refuses through the schema what one value alone gets wrong, naming the value")
    void refusesThroughTheSchema(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "migration.hook.deletePolicy=never")).contains("deletePolicy");
        assertRefuses(helm, withDatabase("--set", "migration.locations=null")).contains("locations");
        assertRefuses(helm, withDatabase("--set", "job.activeDeadlineSeconds=0")).contains("activeDeadlineSeconds");
        assertRefuses(helm, withDatabase("--set", "enabled=yes")).contains("enabled");
    }
}

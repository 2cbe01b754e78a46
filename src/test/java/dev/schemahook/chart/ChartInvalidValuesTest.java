package dev.schemahook.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;

import org.junit.jupiter.api.DisplayName;

@DisplayName("The chart refuses values that cannot work")
class ChartInvalidValuesTest {

    @EveryHelm
    @DisplayName("fails with a message naming database.url when no database is configured")
    void failsNamingDatabaseUrlWithoutADatabase(Helm helm) {
        Helm.Result result = helm.template();

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("no database configured").contains("database.url");
    }

    @EveryHelm
    @DisplayName("names every problem at once")
    void namesEveryProblemAtOnce(Helm helm) {
        Helm.Result result = helm.template("--set", "database.url=jdbc:postgresql://db/shop,database.host=db",
                "--set", "database.password=secret,database.existingSecret.name=shop-db",
                "--set", "database.existingSecret.urlKey=jdbc-uri",
                "--set", "database.user=shop,database.existingSecret.userKey=user",
                "--set", "database.tls.caSecret=db-ca,database.tls.caKey=");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr())
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
        Helm.Result result = helm.template(Helm.withDatabase("--set", "migration.placeholders.bad-name=x"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("bad-name");
    }

    @EveryHelm
    @DisplayName("refuses both an inline password and an existing Secret")
    void refusesPasswordAndExistingSecret(Helm helm) {
        Helm.Result result = helm.template("--set", "database.host=db,database.password=secret",
                "--set", "database.existingSecret.name=shop-db");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("database.password and database.existingSecret.name are both set");
    }

    @EveryHelm
    @DisplayName("refuses keys of an existing Secret without the Secret's name")
    void refusesSecretKeysWithoutTheSecretName(Helm helm) {
        Helm.Result result = helm.template("--set", "database.existingSecret.urlKey=jdbc-uri");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("set database.existingSecret.name");
    }

    @EveryHelm
    @DisplayName("rejects an unknown mode with the modes it knows")
    void rejectsAnUnknownMode(Helm helm) {
        Helm.Result result = helm.template(Helm.withDatabase("--set", "migration.mode=bogus"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("migration").contains("mode").contains("hook").contains("argocd")
                .contains("job");
    }

    @EveryHelm
    @DisplayName("rejects a value of the wrong type")
    void rejectsAValueOfTheWrongType(Helm helm) {
        Helm.Result result = helm.template(Helm.withDatabase("--set", "job.backoffLimit=twice"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("backoffLimit").containsIgnoringCase("integer");
    }

    @EveryHelm
    @DisplayName("rejects a misspelt value instead of ignoring it")
    void rejectsAMisspeltValue(Helm helm) {
        Helm.Result result = helm.template(Helm.withDatabase("--set", "migration.outOfOder=true"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("outOfOder");
    }

    @EveryHelm
    @DisplayName("rejects a duration the runner cannot read")
    void rejectsABadDuration(Helm helm) {
        Helm.Result result = helm.template(Helm.withDatabase("--set", "migration.lockTimeout=5 seconds"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("lockTimeout");
    }

    @EveryHelm
    @DisplayName("rejects an unknown sslMode")
    void rejectsAnUnknownSslMode(Helm helm) {
        Helm.Result result = helm.template(Helm.withDatabase("--set", "database.sslMode=on"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("sslMode");
    }
}

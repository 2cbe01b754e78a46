package dev.schemahook.chart;

import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("The migration Job connects to the database")
class ChartDatabaseCredentialsTest {

    @EveryHelm
    @DisplayName("reads the password from an existing CloudNativePG secret")
    void readsThePasswordFromACloudNativePgSecret(Helm helm) {
        Manifests manifests = helm.render("--set", "database.host=shop-db-rw,database.name=shop",
                "--set", "database.existingSecret.name=shop-db-app,database.existingSecret.userKey=username");

        assertThat(manifests.jobEnv())
                .containsEntry("PGHOST", "shop-db-rw")
                .containsEntry("PGPORT", "5432")
                .containsEntry("PGDATABASE", "shop")
                .containsEntry("SCHEMAHOOK_DB_USER", "secret:shop-db-app/username")
                .containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:shop-db-app/password")
                .doesNotContainKey("SCHEMAHOOK_DB_URL");
        assertThat(manifests.has("Secret")).isFalse();
    }

    @EveryHelm
    @DisplayName("reads the user, password and url from a Crunchy PGO secret")
    void readsUserPasswordAndUrlFromACrunchyPgoSecret(Helm helm) {
        Manifests manifests = helm.render("--set", "database.existingSecret.name=hippo-pguser-hippo",
                "--set", "database.existingSecret.userKey=user,database.existingSecret.urlKey=jdbc-uri");

        assertThat(manifests.jobEnv())
                .containsEntry("SCHEMAHOOK_DB_URL", "secret:hippo-pguser-hippo/jdbc-uri")
                .containsEntry("SCHEMAHOOK_DB_USER", "secret:hippo-pguser-hippo/user")
                .containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:hippo-pguser-hippo/password")
                .doesNotContainKeys("PGHOST", "PGPORT", "PGDATABASE");
    }

    @EveryHelm
    @DisplayName("passes a URL and a user given as values")
    void passesAUrlAndAUser(Helm helm) {
        Map<String, String> env = helm.render("--set", "database.url=postgresql://db:5432/shop?sslmode=require",
                "--set", "database.user=shop,database.existingSecret.name=shop-db").jobEnv();

        assertThat(env)
                .containsEntry("SCHEMAHOOK_DB_URL", "postgresql://db:5432/shop?sslmode=require")
                .containsEntry("SCHEMAHOOK_DB_USER", "shop")
                .doesNotContainKey("PGHOST");
    }

    @EveryHelm
    @DisplayName("creates its own Secret as an earlier hook when a password is given inline")
    void createsItsOwnSecretAsAnEarlierHook(Helm helm) {
        Manifests manifests = helm.render("--set", "database.host=db,database.user=shop,database.password=s3cr=t");

        Map<String, Object> secret = manifests.single("Secret");
        assertThat(Manifests.name(secret)).isEqualTo("shop-schemahook");
        assertThat(annotations(secret))
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-weight", "-1")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
        String password = Manifests.string(secret, "data.password");
        assertThat(new String(Base64.getDecoder().decode(password), StandardCharsets.UTF_8)).isEqualTo("s3cr=t");
        assertThat(manifests.jobEnv()).containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:shop-schemahook/password");
    }

    @EveryHelm
    @DisplayName("verifies the server with a CA certificate from a Secret when sslMode and a CA are set")
    void verifiesTheServerWithACaFromASecret(Helm helm) {
        Manifests manifests = helm.render("--set", "database.host=db,database.existingSecret.name=shop-db",
                "--set", "database.sslMode=verify-full,database.tls.caSecret=db-ca,database.tls.caKey=root.pem");

        assertThat(manifests.jobEnv())
                .containsEntry("PGSSLMODE", "verify-full")
                .containsEntry("PGSSLROOTCERT", "/etc/schemahook/tls/ca.crt");
        Map<String, Object> volume = list(manifests.jobPodSpec(), "volumes").stream()
                .map(v -> (Map<String, Object>) v).filter(v -> "schemahook-tls".equals(v.get("name")))
                .findFirst().orElseThrow();
        assertThat(Manifests.string(volume, "secret.secretName")).isEqualTo("db-ca");
        assertThat(Manifests.<Map<String, Object>>list(volume, "secret.items"))
                .containsExactly(Map.of("key", "root.pem", "path", "ca.crt"));
        assertThat(Manifests.<Map<String, Object>>list(manifests.jobContainer(), "volumeMounts"))
                .contains(Map.of("name", "schemahook-tls", "mountPath", "/etc/schemahook/tls", "readOnly", true));
    }

    @EveryHelm
    @DisplayName("sets no sslmode of its own unless asked")
    void setsNoSslModeUnlessAsked(Helm helm) {
        assertThat(helm.render(Helm.withDatabase()).jobEnv()).doesNotContainKeys("PGSSLMODE", "PGSSLROOTCERT");
    }

    @EveryHelm
    @DisplayName("waits for the database as long as database.waitTimeout says")
    void waitsForTheDatabase(Helm helm) {
        assertThat(helm.render(Helm.withDatabase("--set", "database.waitTimeout=PT2M",
                "--set", "job.activeDeadlineSeconds=450")).jobEnv())
                .containsEntry("SCHEMAHOOK_WAIT_TIMEOUT", "PT2M");
    }
}

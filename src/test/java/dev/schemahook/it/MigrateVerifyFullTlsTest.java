package dev.schemahook.it;

import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS to the database as production runs it: {@code sslmode=verify-full} against a server whose certificate a private
 * CA signed, the CA given by {@code sslrootcert} or {@code PGSSLROOTCERT}. The server is an embedded PostgreSQL of its
 * own that accepts TLS connections only (hostnossl is rejected), so a run that succeeds did go through TLS. The CA and
 * the certificate are generated with the JDK's keytool for each run. On the JVM this tests the JVM runner; with
 * -Dschemahook.binary the release workflow runs it against the native executable, whose TLS support is what
 * quarkus.ssl.native turns on.
 */
@DisplayName("migrate over TLS with sslmode=verify-full")
class MigrateVerifyFullTlsTest {
    private static final String PASSWORD = "tls-secret-7";

    @TempDir
    static Path certificates;

    private static EmbeddedPostgres server;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path temp;

    @BeforeAll
    static void startServerWithItsOwnCa() throws Exception {
        Path ca = generateCa(certificates.resolve("ca"), "schemahook test CA");
        generateCa(certificates.resolve("other-ca"), "another CA");
        Path key = issueServerCertificate(certificates.resolve("ca"), certificates.resolve("server"));
        server = PostgresServer.startEmbedded(PostgresServer.requestedMajor(), 0, null);
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE migrator LOGIN PASSWORD '" + PASSWORD + "'");
            ResultSet hba = statement.executeQuery("SHOW hba_file");
            hba.next();
            // Every TCP connection must use TLS; the superuser keeps the local socket for the test's own checks.
            Files.writeString(Path.of(hba.getString(1)), String.join("\n",
                    "local all all trust",
                    "hostnossl all all 0.0.0.0/0 reject",
                    "hostnossl all all ::/0 reject",
                    "hostssl all postgres 127.0.0.1/32 trust",
                    "hostssl all postgres ::1/128 trust",
                    "hostssl all all 127.0.0.1/32 scram-sha-256",
                    "hostssl all all ::1/128 scram-sha-256", ""));
            statement.execute("ALTER SYSTEM SET ssl_cert_file = '" + certificates.resolve("server/server.crt") + "'");
            statement.execute("ALTER SYSTEM SET ssl_key_file = '" + key + "'");
            statement.execute("ALTER SYSTEM SET ssl = on");
            statement.execute("SELECT pg_reload_conf()");
        }
        assertThat(ca).exists();
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("verifies the server against the CA of sslrootcert in the URL and applies the migrations")
    void appliesOverVerifiedTls() throws Exception {
        String database = createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__create.sql", "CREATE TABLE tls_items (id int);");

        RunResult result = migrateVerifyingWith(certificates.resolve("ca/ca.crt"), database, migrations, "10s");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("Applied 1 migration");
        assertThat(appliedVersions(database)).containsExactly("1");
    }

    @Test
    @DisplayName("takes the CA from PGSSLROOTCERT and the mode from PGSSLMODE, as CloudNativePG hands them out")
    void appliesWithLibpqVariables() throws Exception {
        String database = createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__create.sql", "CREATE TABLE tls_items (id int);")
                .add("V2__add.sql", "ALTER TABLE tls_items ADD COLUMN name text;");

        RunResult result = Runner.run(Map.of(
                        "PGHOST", "localhost", "PGPORT", Integer.toString(server.getPort()), "PGDATABASE", database,
                        "PGUSER", "migrator", "PGPASSWORD", PASSWORD,
                        "PGSSLMODE", "verify-full", "PGSSLROOTCERT", certificates.resolve("ca/ca.crt").toString()),
                "migrate", "--locations", migrations.location(), "--wait-timeout", "10s");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(appliedVersions(database)).containsExactly("1", "2");
    }

    @Test
    @DisplayName("refuses a server whose certificate another CA signed at once: exit 7, nothing applied, the error names the CA to give")
    void refusesServerOfAnotherCa() throws Exception {
        String database = createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__create.sql", "CREATE TABLE tls_items (id int);")
                .add("V99__never.sql", "CREATE TABLE never_applied (id int);");

        RunResult result = migrateVerifyingWith(certificates.resolve("other-ca/ca.crt"), database, migrations, "2m");

        // The driver reports the failed verification as a connection failure (SQLSTATE 08006); waiting cannot fix it,
        // so the runner neither retries it nor waits out --wait-timeout.
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
        assertThat(result.stderr()).contains("error: database localhost:" + server.getPort() + "/" + database
                        + " presented a certificate the runner does not trust").contains("PKIX path building failed")
                .contains("PGSSLROOTCERT").doesNotContain("not ready (attempt")
                .doesNotContain(PASSWORD).doesNotContain("\tat ");
        assertThat(appliedVersions(database)).isEmpty();
    }

    @Test
    @DisplayName("a CA file that is not there, or is no certificate, is exit 7 at once, naming the file, not a database to wait for")
    void missingCaFile() throws Exception {
        String database = createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__create.sql", "CREATE TABLE tls_items (id int);");
        Path notACertificate = Files.writeString(temp.resolve("notes.txt"), "not a certificate\n");

        RunResult result = migrateVerifyingWith(temp.resolve("no-such-ca.crt"), database, migrations, "2m");
        RunResult garbage = migrateVerifyingWith(notACertificate, database, migrations, "2m");

        assertThat(garbage.exitCode()).as(garbage.toString()).isEqualTo(7);
        assertThat(garbage.stderr()).contains("with the TLS files it was given: Loading the SSL root certificate "
                + notACertificate + " into a TrustManager failed").doesNotContain("presented a certificate").doesNotContain("not ready (attempt");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
        assertThat(result.stderr()).contains("with the TLS files it was given: Could not open SSL root certificate file "
                        + temp.resolve("no-such-ca.crt")).contains("PGSSLROOTCERT").doesNotContain("not ready (attempt")
                .doesNotContain("\tat ");
        assertThat(appliedVersions(database)).isEmpty();
    }

    /** migrate over sslmode=verify-full, with {@code ca} as sslrootcert in the URL. */
    private static RunResult migrateVerifyingWith(Path ca, String database, Migrations migrations, String waitTimeout) {
        return Runner.run(Map.of(
                        "SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:" + server.getPort() + "/" + database
                                + "?sslmode=verify-full&sslrootcert=" + ca,
                        "SCHEMAHOOK_DB_USER", "migrator",
                        "SCHEMAHOOK_DB_PASSWORD", PASSWORD),
                "migrate", "--locations", migrations.location(), "--wait-timeout", waitTimeout);
    }

    private static String createDatabase() throws SQLException {
        String name = "app" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER migrator");
        }
        return name;
    }

    private static List<String> appliedVersions(String database) throws SQLException {
        try (Connection connection = server.getDatabase("postgres", database).getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
            result.next();
            if (!result.getBoolean(1)) {
                return List.of();
            }
            List<String> versions = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
                while (rows.next()) {
                    versions.add(rows.getString(1));
                }
            }
            return versions;
        }
    }

    /** A self-signed CA in DIR/ca.p12, its certificate in DIR/ca.crt. */
    private static Path generateCa(Path directory, String name) throws Exception {
        Files.createDirectories(directory);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
                "-keystore", directory.resolve("ca.p12").toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", directory.resolve("ca.p12").toString(),
                "-storepass", "changeit", "-file", directory.resolve("ca.crt").toString());
        return directory.resolve("ca.crt");
    }

    /**
     * A server key and a certificate for localhost and 127.0.0.1 that the CA in CA_DIR signed, in SERVER_DIR/server.crt
     * and, as PostgreSQL reads it (PKCS#8 PEM, readable by its owner only), SERVER_DIR/server.key.
     */
    private static Path issueServerCertificate(Path caDirectory, Path serverDirectory) throws Exception {
        Files.createDirectories(serverDirectory);
        Path keystore = serverDirectory.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        keytool("-certreq", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", serverDirectory.resolve("server.csr").toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caDirectory.resolve("ca.p12").toString(),
                "-storepass", "changeit", "-validity", "2",
                "-ext", "san=dns:localhost,ip:127.0.0.1,ip:::1", "-ext", "eku=serverAuth",
                "-infile", serverDirectory.resolve("server.csr").toString(),
                "-outfile", serverDirectory.resolve("server.crt").toString());

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("server", "changeit".toCharArray());
        Path pem = serverDirectory.resolve("server.key");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
        return pem;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed:\n" + output);
        }
    }
}

package dev.schemahook.database;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("resolving where the database is")
class ConnectionSettingsResolverTest {
    private static ConnectionConfig url(String url) {
        return new ConnectionConfig(Optional.ofNullable(url), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(1), Optional.empty(), 17);
    }

    private static ConnectionSettings resolve(ConnectionConfig config, Map<String, String> env) {
        return new ConnectionSettingsResolver(env).resolve(config);
    }

    @Test
    @DisplayName("turns a libpq URI into a JDBC URL without credentials, keeping user and password beside it")
    void libpqUri() {
        ConnectionSettings settings = resolve(url("postgresql://app:p%40ss@db.example:6543/shop?sslmode=require"
                + "&application_name=api&target_session_attrs=read-write"), Map.of());

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/shop?sslmode=require"
                + "&ApplicationName=api&targetServerType=primary&connectTimeout=10");
        assertThat(settings.user()).contains("app");
        assertThat(settings.password()).contains("p@ss");
        assertThat(settings.display()).isEqualTo("db.example:6543/shop");
    }

    @Test
    @DisplayName("takes user and password out of a JDBC URL's parameters")
    void jdbcUrlCredentials() {
        ConnectionSettings settings = resolve(url("jdbc:postgresql://h1:5432,h2:5433/db?user=u&password=secret&ssl=true"),
                Map.of());

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db?ssl=true"
                + "&ApplicationName=schemahook&connectTimeout=10").doesNotContain("secret");
        assertThat(settings.user()).contains("u");
        assertThat(settings.password()).contains("secret");
    }

    @Test
    @DisplayName("falls back to PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD and PGSSLMODE")
    void libpqEnvironment() {
        ConnectionSettings settings = resolve(url(null), Map.of("PGHOST", "pg", "PGPORT", "5433", "PGDATABASE", "app",
                "PGUSER", "me", "PGPASSWORD", "pw", "PGSSLMODE", "verify-full", "PGSSLROOTCERT", "/ca/ca.crt"));

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://pg:5433/app?sslmode=verify-full"
                + "&sslrootcert=/ca/ca.crt&ApplicationName=schemahook&connectTimeout=10");
        assertThat(settings.user()).contains("me");
        assertThat(settings.password()).contains("pw");
    }

    @Test
    @DisplayName("lets flags win over the URL, and the URL's sslmode over PGSSLMODE")
    void precedence() {
        ConnectionConfig config = new ConnectionConfig(Optional.of("postgresql://urluser:urlpw@h/db?sslmode=disable"),
                Optional.of("flaguser"), Optional.of("flagpw"), Optional.empty(), Duration.ofSeconds(1), Optional.empty(), 17);

        ConnectionSettings settings = resolve(config, Map.of("PGSSLMODE", "require", "PGUSER", "envuser"));

        assertThat(settings.user()).contains("flaguser");
        assertThat(settings.password()).contains("flagpw");
        assertThat(settings.jdbcUrl()).contains("sslmode=disable").doesNotContain("require");
    }

    @Test
    @DisplayName("reads the password file without its trailing newline")
    void passwordFile(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("password");
        Files.writeString(file, "from-file\n");
        ConnectionConfig config = new ConnectionConfig(Optional.of("postgresql://h/db"), Optional.empty(),
                Optional.empty(), Optional.of(file), Duration.ofSeconds(1), Optional.empty(), 17);

        assertThat(resolve(config, Map.of("PGPASSWORD", "env")).password()).contains("from-file");
    }

    @Test
    @DisplayName("refuses a URL of another database, a Unix socket host and a missing configuration with exit 2")
    void refusesBadInput() {
        for (ConnectionConfig bad : new ConnectionConfig[] {url("mysql://h/db"), url("postgresql://h:port/db"),
                url("jdbc:postgresql:db"), url(null)}) {
            assertThatThrownBy(() -> resolve(bad, Map.of())).isInstanceOf(SchemahookException.class)
                    .extracting(e -> ((SchemahookException) e).exitCode()).isEqualTo(ExitCode.USAGE);
        }
        assertThatThrownBy(() -> resolve(url(null), Map.of("PGHOST", "/var/run/postgresql")))
                .hasMessageContaining("Unix socket");
    }

    @Test
    @DisplayName("switches to another database of the same server")
    void withDatabase() {
        ConnectionSettings settings = resolve(url("postgresql://u:p@h:1234/first?sslmode=require"), Map.of());

        ConnectionSettings other = settings.withDatabase("second");

        assertThat(other.jdbcUrl()).startsWith("jdbc:postgresql://h:1234/second?sslmode=require");
        assertThat(other.display()).isEqualTo("h:1234/second");
        assertThat(other.password()).contains("p");
    }
}

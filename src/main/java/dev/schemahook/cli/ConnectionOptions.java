package dev.schemahook.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where the database is: flags, each with a SCHEMAHOOK_* variable, and libpq's PG* variables as the fallback. */
final class ConnectionOptions implements OptionGroup {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:SCHEMAHOOK_DB_URL}",
            description = "JDBC URL (jdbc:postgresql://host:5432/db) or libpq URI (postgresql://user@host/db?sslmode=require)."
                    + " Env: SCHEMAHOOK_DB_URL. Without it: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE.")
    String url;

    @Option(names = "--user", paramLabel = "USER", defaultValue = "${env:SCHEMAHOOK_DB_USER}",
            description = "Database user. Env: SCHEMAHOOK_DB_USER.")
    String user;

    // The password and its file have no picocli default: a flag of either kind must beat a variable of the other kind,
    // which defaults cannot express (see applyTo).
    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "Database password; prefer --password-file. Env: SCHEMAHOOK_DB_PASSWORD.")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File holding the password (a mounted Secret). Env: SCHEMAHOOK_DB_PASSWORD_FILE.")
    Path passwordFile;

    @Override
    public void applyTo(RunConfiguration configuration) {
        Optional<String> givenPassword = Optional.ofNullable(password).filter(s -> !s.isEmpty());
        Optional<Path> givenFile = Optional.ofNullable(passwordFile).filter(p -> !p.toString().isEmpty());
        boolean flagGiven = givenPassword.isPresent() || givenFile.isPresent();
        // Flags win over variables: with --password-file, SCHEMAHOOK_DB_PASSWORD is not used (and the other way round).
        configuration.password = flagGiven ? givenPassword
                : Optional.ofNullable(configuration.environment.get("SCHEMAHOOK_DB_PASSWORD")).filter(s -> !s.isEmpty());
        configuration.passwordFile = flagGiven ? givenFile
                : Optional.ofNullable(configuration.environment.get("SCHEMAHOOK_DB_PASSWORD_FILE"))
                        .filter(s -> !s.isEmpty()).map(Path::of);
        configuration.url = Optional.ofNullable(url).filter(s -> !s.isBlank());
        configuration.user = Optional.ofNullable(user).filter(s -> !s.isEmpty());
    }

    /** How long to wait for the server; await has its own --timeout instead. */
    static final class WaitTimeout implements OptionGroup {
        @Option(names = "--wait-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
                defaultValue = "${env:SCHEMAHOOK_WAIT_TIMEOUT:-120s}",
                description = "How long to wait for the server to accept connections (default: ${DEFAULT-VALUE})."
                        + " Env: SCHEMAHOOK_WAIT_TIMEOUT.")
        Duration waitTimeout;

        @Override
        public void applyTo(RunConfiguration configuration) {
            configuration.waitTimeout = waitTimeout;
        }
    }

    /** An embedded server instead of a given one: for the commands that act on a database the user keeps. */
    static final class EmbeddedServer implements OptionGroup {
        @Option(names = "--embedded", paramLabel = "DIR", arity = "0..1", fallbackValue = "",
                description = "Start an embedded PostgreSQL (JVM build only) and use it; keep its data in DIR, or in a"
                        + " temporary folder when DIR is omitted.")
        String embedded;

        @Override
        public void applyTo(RunConfiguration configuration) {
            configuration.embeddedRequested = embedded != null;
            configuration.embeddedDirectory = Optional.ofNullable(embedded).filter(dir -> !dir.isEmpty()).map(Path::of);
        }
    }

    /** The embedded server's version: with --embedded, and for verify and analyze, which start one without --url. */
    static final class PostgresVersion implements OptionGroup {
        @Option(names = "--postgres-version", paramLabel = "MAJOR",
                defaultValue = "${env:SCHEMAHOOK_POSTGRES_VERSION:-17}",
                description = "Major version of the embedded PostgreSQL: 14 to 18 (default: ${DEFAULT-VALUE})."
                        + " Env: SCHEMAHOOK_POSTGRES_VERSION.")
        int postgresVersion;

        @Override
        public void applyTo(RunConfiguration configuration) {
            configuration.postgresVersion = postgresVersion;
        }
    }
}

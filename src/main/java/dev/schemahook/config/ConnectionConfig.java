package dev.schemahook.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the database is and how to log in, as the user gave it (flags, SCHEMAHOOK_* or PG* variables).
 *
 * @param url a JDBC URL or a libpq URI; empty to fall back to libpq's PG* variables
 * @param user the user name; overrides the URL's
 * @param password the password; overrides the URL's
 * @param passwordFile a file holding the password (a mounted Secret); read when no password is given
 * @param waitTimeout how long to wait for the server to accept connections
 * @param embedded a data directory for an embedded PostgreSQL started by the runner, instead of a server
 * @param embeddedMajor the PostgreSQL major version of the embedded server
 */
public record ConnectionConfig(
        Optional<String> url,
        Optional<String> user,
        Optional<String> password,
        Optional<Path> passwordFile,
        Duration waitTimeout,
        Optional<Path> embedded,
        int embeddedMajor) {
}

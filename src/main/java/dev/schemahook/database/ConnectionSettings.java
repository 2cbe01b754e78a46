package dev.schemahook.database;

import java.util.Optional;

/**
 * A resolved connection: a JDBC URL that never holds credentials, and the credentials beside it.
 *
 * @param jdbcUrl the JDBC URL, without user or password
 * @param user the user name, if any
 * @param password the password, if any (never printed)
 * @param display host, port and database, safe to print
 */
public record ConnectionSettings(String jdbcUrl, Optional<String> user, Optional<String> password, String display) {

    @Override
    public String toString() {
        return display;
    }
}

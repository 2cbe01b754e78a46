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

    /** The same server and credentials, another database. */
    public ConnectionSettings withDatabase(String database) {
        String url = jdbcUrl.replaceFirst("^(jdbc:postgresql://[^/?]*)/[^?]*", "$1/" + database);
        String hosts = display.substring(0, display.lastIndexOf('/'));
        return new ConnectionSettings(url, user, password, hosts + "/" + database);
    }

    @Override
    public String toString() {
        return display;
    }
}

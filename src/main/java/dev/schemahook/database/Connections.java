package dev.schemahook.database;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.ssl.DefaultJavaSSLFactory;
import org.postgresql.ssl.NonValidatingFactory;
import org.postgresql.ssl.SingleCertValidatingFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens connections for one {@link ConnectionSettings}, for Flyway (through {@link ExplicitCommits}) and the runner's
 * own queries. The driver gets the user's URL and the rest as properties, so that what Flyway logs as the database's
 * URL is the user's, not every driver default spelled out. Every
 * session of one run carries the same {@code application_name}, so that a stop can find and end them all on the
 * server (see {@link RunSessions}).
 *
 * <p>It calls the PostgreSQL driver itself, not PGSimpleDataSource: that looks the driver up by name and asks
 * DriverManager, a path the native image leaves to registrations nobody makes for a runner without a Quarkus
 * datasource. The SSL factories a user may name with {@code sslfactory=} are instantiated by name by the driver; the
 * default one (LibPQFactory, which {@code sslmode} and {@code sslrootcert} configure) is not.
 */
@RegisterForReflection(targets = {DefaultJavaSSLFactory.class, NonValidatingFactory.class,
        SingleCertValidatingFactory.class})
public final class Connections {
    private final ConnectionSettings settings;
    private final String applicationName;
    private static final Driver DRIVER = new Driver();
    private final Properties properties = new Properties();
    /** The settings' URL without its ApplicationName: the driver prefers the URL's parameters to the properties. */
    private final String url;

    public Connections(ConnectionSettings settings) {
        this(settings, "schemahook-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    }

    private Connections(ConnectionSettings settings, String applicationName) {
        this.settings = settings;
        this.applicationName = applicationName;
        this.url = settings.jdbcUrl().replaceAll("([?&])ApplicationName=[^&]*&?", "$1").replaceAll("[?&]$", "");
        PGProperty.APPLICATION_NAME.set(properties, applicationName);
        settings.user().ifPresent(user -> PGProperty.USER.set(properties, user));
        settings.password().ifPresent(password -> PGProperty.PASSWORD.set(properties, password));
    }

    /** The same database, giving up on a connection attempt after {@code timeout} (whole seconds, at least one). */
    public Connections withConnectTimeout(Duration timeout) {
        Connections limited = new Connections(settings, applicationName);
        limited.properties.putAll(properties);
        PGProperty.CONNECT_TIMEOUT.set(limited.properties, (int) Math.max(1, timeout.toSeconds()));
        return limited;
    }

    /**
     * The same database for a short control query that must not hang: connecting and every reply are bounded by
     * {@code timeout} (whole seconds, at least one).
     */
    Connections withTimeouts(Duration timeout) {
        Connections limited = withConnectTimeout(timeout);
        PGProperty.SOCKET_TIMEOUT.set(limited.properties, (int) Math.max(1, timeout.toSeconds()));
        return limited;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** The {@code application_name} of every session of this run. */
    public String applicationName() {
        return applicationName;
    }

    public Connection open() throws SQLException {
        Connection connection = DRIVER.connect(url, properties);
        if (connection == null) {
            // The driver answers null to a URL that is not its own; the resolver only ever builds jdbc:postgresql: URLs.
            throw new SQLException("not a PostgreSQL JDBC URL: " + settings.display(), "08001");
        }
        return connection;
    }
}

package dev.schemahook.database;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.postgresql.Driver;
import org.postgresql.ssl.DefaultJavaSSLFactory;
import org.postgresql.ssl.NonValidatingFactory;
import org.postgresql.ssl.SingleCertValidatingFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens connections for one {@link ConnectionSettings}, by calling the PostgreSQL driver itself. Not through
 * PGSimpleDataSource: it looks the driver up by name and asks DriverManager, a path the native image leaves to
 * registrations nobody makes for a runner without a Quarkus datasource. Flyway's own DataSource calls the driver
 * directly as well.
 *
 * <p>The SSL factories a user may name with {@code sslfactory=} are instantiated by name by the driver; the default one
 * (LibPQFactory, which {@code sslmode} and {@code sslrootcert} configure) is not.
 */
@RegisterForReflection(targets = {DefaultJavaSSLFactory.class, NonValidatingFactory.class,
        SingleCertValidatingFactory.class})
public final class Connections {
    private static final Driver DRIVER = new Driver();

    private final ConnectionSettings settings;
    private final Optional<Duration> connectTimeout;

    public Connections(ConnectionSettings settings) {
        this(settings, Optional.empty());
    }

    private Connections(ConnectionSettings settings, Optional<Duration> connectTimeout) {
        this.settings = settings;
        this.connectTimeout = connectTimeout;
    }

    /** The same database, giving up on a connection attempt after {@code timeout} (whole seconds, at least one). */
    public Connections withConnectTimeout(Duration timeout) {
        return new Connections(settings, Optional.of(timeout));
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public Connection open() throws SQLException {
        Properties properties = new Properties();
        settings.user().ifPresent(user -> properties.setProperty("user", user));
        settings.password().ifPresent(password -> properties.setProperty("password", password));
        connectTimeout.ifPresent(timeout ->
                properties.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds()))));
        Connection connection = DRIVER.connect(settings.jdbcUrl(), properties);
        if (connection == null) {
            // The driver answers null to a URL that is not its own; the resolver only ever builds jdbc:postgresql: URLs.
            throw new SQLException("not a PostgreSQL JDBC URL: " + settings.display(), "08001");
        }
        return connection;
    }
}

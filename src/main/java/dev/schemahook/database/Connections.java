package dev.schemahook.database;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** Opens connections for one {@link ConnectionSettings}; the DataSource Flyway and the runner's own queries share. */
public final class Connections {
    private final ConnectionSettings settings;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    public Connections(ConnectionSettings settings) {
        this.settings = settings;
        dataSource.setURL(settings.jdbcUrl());
        settings.user().ifPresent(dataSource::setUser);
        settings.password().ifPresent(dataSource::setPassword);
    }

    /** The same database, giving up on a connection attempt after {@code timeout} (whole seconds, at least one). */
    public Connections withConnectTimeout(Duration timeout) {
        Connections limited = new Connections(settings);
        limited.dataSource.setConnectTimeout((int) Math.max(1, timeout.toSeconds()));
        return limited;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection open() throws SQLException {
        return dataSource.getConnection();
    }
}

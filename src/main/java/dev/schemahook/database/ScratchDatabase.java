package dev.schemahook.database;

import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A database created for one check on a server the user named, and dropped afterwards. */
public final class ScratchDatabase implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ScratchDatabase.class);

    private final Connections server;
    private final String name;
    private final ConnectionSettings settings;

    private ScratchDatabase(Connections server, String name) {
        this.server = server;
        this.name = name;
        this.settings = server.settings().withDatabase(name);
    }

    public static ScratchDatabase create(Connections server) {
        String name = "schemahook_verify_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection connection = server.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if (SqlStates.isAuthenticationFailure(e)) {
                throw DatabaseWaiter.authenticationFailure(server.settings(), e);
            }
            throw new SchemahookException(ExitCode.USAGE, "verify and analyze work on a scratch database and could not create one on "
                    + server.settings() + ": " + DatabaseWaiter.describe(e) + "; give the user CREATEDB, or leave out"
                    + " --url to use the embedded server", e);
        }
        LOG.infof("created the scratch database %s", name);
        return new ScratchDatabase(server, name);
    }

    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        try (Connection connection = server.open(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            LOG.warnf("could not drop the scratch database %s: %s", name, DatabaseWaiter.describe(e));
        }
    }
}

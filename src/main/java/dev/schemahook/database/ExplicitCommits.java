package dev.schemahook.database;

import io.quarkus.runtime.annotations.RegisterForProxy;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * Connections on which only an explicit {@code commit()} commits. JDBC's {@code setAutoCommit(true)} commits an open
 * transaction; Flyway's transactional template commits explicitly when a migration succeeds and rolls back on an
 * Exception, but on an Error (an OutOfMemoryError in the middle of a big file) it skips both and its {@code finally}
 * restores auto-commit: half a migration was committed without its history row, and the next run applied it again
 * (issue 14; {@code org.flywaydb.core.internal.jdbc.TransactionalExecutionTemplate#execute} in flyway-core 12.0.0
 * catches {@code Exception}, not {@code Throwable}). Here that call rolls the open transaction back first; if even the
 * rollback fails, the connection is aborted, which makes the server roll back.
 */
@RegisterForProxy(targets = Connection.class)
public final class ExplicitCommits implements DataSource {
    private final Connections connections;
    private int loginTimeout;

    public ExplicitCommits(Connections connections) {
        this.connections = connections;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return guard(connections.open());
    }

    /** The user and password are the run's own; Flyway never passes others. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    static Connection guard(Connection connection) {
        return (Connection) Proxy.newProxyInstance(ExplicitCommits.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Guard(connection));
    }

    private record Guard(Connection connection) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("setAutoCommit") && Boolean.TRUE.equals(args[0]) && !connection.getAutoCommit()) {
                rollbackOrAbort();
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void rollbackOrAbort() throws SQLException {
            try {
                // A no-op after a commit or a rollback: only an abandoned transaction has anything to undo.
                connection.rollback();
            } catch (SQLException | RuntimeException | Error e) {
                connection.abort(Runnable::run);
                throw new SQLException("an open transaction could not be rolled back; the connection was aborted", e);
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}

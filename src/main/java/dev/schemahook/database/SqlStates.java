package dev.schemahook.database;

import java.sql.SQLException;
import java.util.Set;

/** What PostgreSQL's SQLSTATE codes mean for the runner: which failures waiting can fix and which it cannot. */
public final class SqlStates {
    /** invalid_password, invalid_authorization_specification. */
    private static final Set<String> AUTHENTICATION = Set.of("28P01", "28000");
    /** insufficient_privilege. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** lock_not_available: lock_timeout expired. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** query_canceled: statement_timeout expired. */
    public static final String QUERY_CANCELED = "57014";

    private SqlStates() {
    }

    public static boolean isAuthenticationFailure(SQLException e) {
        return e.getSQLState() != null && AUTHENTICATION.contains(e.getSQLState());
    }

    public static boolean isPermissionFailure(SQLException e) {
        return INSUFFICIENT_PRIVILEGE.equals(e.getSQLState());
    }

    /** The first SQLException in a cause chain, if any. */
    public static SQLException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}

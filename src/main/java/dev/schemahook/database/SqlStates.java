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
    /** read_only_sql_transaction: a standby, or default_transaction_read_only. */
    public static final String READ_ONLY_TRANSACTION = "25006";
    /**
     * admin_shutdown (pg_terminate_backend, a fast shutdown), crash_shutdown, and the connection exceptions class 08:
     * the server ended the session or went away.
     */
    private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02");
    /** out_of_memory; the driver uses it too when the runner's heap cannot hold a result. */
    public static final String OUT_OF_MEMORY = "53200";

    private SqlStates() {
    }

    public static boolean isAuthenticationFailure(SQLException e) {
        return e.getSQLState() != null && AUTHENTICATION.contains(e.getSQLState());
    }

    public static boolean isPermissionFailure(SQLException e) {
        return INSUFFICIENT_PRIVILEGE.equals(e.getSQLState());
    }

    /** The server ended the session or cannot be reached any more: the open transaction died with it. */
    public static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (SESSION_ENDED.contains(state) || state.startsWith("08"));
    }

    /**
     * The runner refused the server's certificate (sslmode=verify-ca or verify-full): no trusted CA signed it, or it
     * does not name the host. The driver reports it as a failed connection (08006), but waiting cannot fix it.
     */
    public static boolean isUntrustedServer(SQLException e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof javax.net.ssl.SSLPeerUnverifiedException
                    || (t.getMessage() != null && t.getMessage().contains("could not be verified by hostnameverifier"))) {
                return true;
            }
        }
        return false;
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

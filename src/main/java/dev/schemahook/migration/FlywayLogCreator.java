package dev.schemahook.migration;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.flywaydb.core.api.logging.LogFactory;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flyway's log lines through the runner's logging, one logger per class. Flyway asks its log creator for a new logger
 * on every log call, debug included; through SLF4J (what it picks on its own here) each of those walked JBoss
 * LogManager's logger tree, thousands of times on a long release. The lines and their categories are the same.
 */
@RegisterForReflection // Flyway instantiates it by name (FlywayFactory sets it as its only logger)
public final class FlywayLogCreator implements LogCreator {
    private static final Map<Class<?>, Log> LOGS = new ConcurrentHashMap<>();

    @Override
    public Log createLogger(Class<?> clazz) {
        return LOGS.computeIfAbsent(clazz, type -> new JBossLog(Logger.getLogger(type)));
    }

    /** What Flyway's own SLF4J log does: debug only when Flyway's debug is on, info unless it is quiet, no notices. */
    private record JBossLog(Logger logger) implements Log {
        @Override
        public void debug(String message) {
            if (LogFactory.isDebugEnabled()) {
                logger.debug(message);
            }
        }

        @Override
        public void info(String message) {
            if (!LogFactory.isQuietMode()) {
                logger.info(message);
            }
        }

        @Override
        public void warn(String message) {
            logger.warn(message);
        }

        @Override
        public void error(String message) {
            logger.error(message);
        }

        /**
         * One line, the cause's message included; the stack trace only at debug. Flyway logs its failed clean-up this
         * way (restoring auto-commit, releasing its lock on a connection the server ended): the runner's own error line
         * says what happened, and the README promises no stack traces.
         */
        @Override
        public void error(String message, Exception e) {
            logger.error(message + ": " + FlywayErrors.oneLine(e == null ? null : String.valueOf(e.getMessage())));
            logger.debug(message, e);
        }

        @Override
        public void notice(String message) {
        }
    }
}

package dev.schemahook.migration;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.logging.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Flyway's log lines through the runner's logging")
class FlywayLogCreatorTest {
    private final List<LogRecord> records = new ArrayList<>();
    private final Logger category = Logger.getLogger(FlywayLogCreatorTest.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void tearDown() {
        category.removeHandler(capture);
        LogFactory.setLogLevel(null);
    }

    @Test
    @DisplayName("hands out one logger per class however often Flyway asks, with the class as its category")
    void oneLoggerPerClass() {
        category.addHandler(capture);
        category.setLevel(Level.ALL);
        FlywayLogCreator creator = new FlywayLogCreator();

        Log log = creator.createLogger(FlywayLogCreatorTest.class);
        assertThat(creator.createLogger(FlywayLogCreatorTest.class)).isSameAs(log);
        assertThat(new FlywayLogCreator().createLogger(FlywayLogCreatorTest.class)).isSameAs(log);
        log.info("Migrating schema \"public\" to version \"1 - a\"");
        log.warn("careful");
        log.error("failed", new IllegalStateException("boom"));

        assertThat(records).extracting(LogRecord::getLoggerName).containsOnly(FlywayLogCreatorTest.class.getName());
        assertThat(records).extracting(LogRecord::getMessage)
                .containsExactly("Migrating schema \"public\" to version \"1 - a\"", "careful", "failed: boom",
                        "failed");
        assertThat(records.get(2).getLevel().intValue()).isGreaterThanOrEqualTo(Level.SEVERE.intValue());
        assertThat(records.get(2).getThrown()).as("no stack trace at error level").isNull();
        assertThat(records.get(3).getLevel().intValue()).isLessThan(Level.INFO.intValue());
        assertThat(records.get(3).getThrown()).as("the stack trace, at debug").hasMessage("boom");
    }

    @Test
    @DisplayName("keeps Flyway's own levels: debug only in Flyway's debug mode, info not in its quiet mode")
    void flywayLevels() {
        category.addHandler(capture);
        category.setLevel(Level.ALL);
        Log log = new FlywayLogCreator().createLogger(FlywayLogCreatorTest.class);

        log.debug("hidden by default");
        log.notice("never");
        LogFactory.setLogLevel(LogLevel.WARN);
        log.info("hidden when quiet");
        log.warn("shown when quiet");
        LogFactory.setLogLevel(LogLevel.DEBUG);
        log.debug("shown in debug mode");

        assertThat(records).extracting(LogRecord::getMessage).containsExactly("shown when quiet", "shown in debug mode");
    }
}

package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one run is configured with: the option groups its command declares fill it in; a setting no declared group
 * touches keeps the value below, which is that option's default (RunConfigurationDefaultsTest holds them equal).
 */
final class RunConfiguration {
    final Map<String, String> environment;

    Optional<String> url = Optional.empty();
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    Optional<Path> passwordFile = Optional.empty();
    Duration waitTimeout = Duration.ofSeconds(120);
    boolean embeddedRequested = false;
    /** The embedded server's data directory; empty: a temporary folder. */
    Optional<Path> embeddedDirectory = Optional.empty();
    int postgresVersion = 17;

    List<String> locations = List.of("filesystem:/migrations");
    List<String> schemas = List.of();
    String table = "flyway_schema_history";
    Optional<String> target = Optional.empty();
    boolean outOfOrder = false;
    boolean baselineOnMigrate = false;
    String baselineVersion = "1";
    Map<String, String> placeholders = new TreeMap<>();
    FuturePolicy onFuture = FuturePolicy.WARN;
    Duration lockTimeout = Duration.ofSeconds(5);
    Duration statementTimeout = Duration.ZERO;
    int lockRetries = 5;
    Duration migrationLockTimeout = Duration.ofMinutes(10);

    RunConfiguration(Map<String, String> environment) {
        this.environment = environment;
    }

    ConnectionConfig connectionConfig() {
        return new ConnectionConfig(url, user, password, passwordFile, waitTimeout,
                embeddedDirectory, postgresVersion);
    }

    MigrationConfig migrationConfig() {
        return new MigrationConfig(locations, schemas, table, target, outOfOrder, baselineOnMigrate, baselineVersion,
                new TreeMap<>(placeholders), onFuture, lockTimeout, statementTimeout, lockRetries, migrationLockTimeout);
    }
}

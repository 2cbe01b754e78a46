package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.Durations;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.ConnectionSettingsResolver;
import dev.schemahook.database.Connections;
import dev.schemahook.database.RunSessions;
import dev.schemahook.drift.Difference;
import dev.schemahook.drift.DriftResult;
import dev.schemahook.drift.DriftService;
import dev.schemahook.drift.IgnorePatterns;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.Interruption;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.error.Secrets;
import dev.schemahook.migration.MigrationRecord;
import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import dev.schemahook.report.DriftReport;
import dev.schemahook.report.JsonReport;
import dev.schemahook.serve.Refresh;
import dev.schemahook.serve.ServeState;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code schemahook serve}: a read-only HTTP service (health, Prometheus metrics, the JSON of info and drift). The
 * listener is opened by Quarkus, which {@link #beforeBoot} lets listen for this command alone; this command reads
 * the database every --refresh on its own thread, so requests and scrapes only read the last result.
 */
@Command(name = "serve", sortOptions = false,
        description = "Run a read-only HTTP service until SIGTERM or SIGINT: /q/health/live, /q/health/ready (DOWN"
                + " while the database cannot be read), /q/metrics (Prometheus), /api/v1/status (what 'info --output"
                + " json' reports) and /api/v1/drift (what 'drift --output json' reports, with --snapshot). The database"
                + " is read every --refresh, never per request; a user that may connect and read the history table is"
                + " enough.",
        footer = {"", "Exit codes: 0 stopped by SIGTERM/SIGINT, 2 usage error (the port is in use, an unreadable"
                + " snapshot)."})
final class ServeCommand extends RunnerCommand {
    private static final Logger LOG = Logger.getLogger(ServeCommand.class);
    /** Flyway logs each connection at INFO: once per refresh for as long as serve runs. Held here, so the level stays. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    @Mixin
    ConnectionOptions.WaitTimeout waitTimeout;

    @Mixin
    MigrationOptions.Sources sources;

    @Mixin
    MigrationOptions.Placeholders placeholders;

    @Option(names = "--snapshot", paramLabel = "FILE", defaultValue = "${env:SCHEMAHOOK_SNAPSHOT}",
            description = "Also compare the database with this snapshot, as written by 'schemahook verify --snapshot"
                    + " FILE' (default: none, no drift). Env: SCHEMAHOOK_SNAPSHOT.")
    Path snapshot;

    @Option(names = "--ignore", paramLabel = "PATTERN", split = ",", defaultValue = "${env:SCHEMAHOOK_DRIFT_IGNORE}",
            description = "Objects drift leaves out, as 'drift --ignore'. Env: SCHEMAHOOK_DRIFT_IGNORE.")
    List<String> ignore;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:SCHEMAHOOK_HTTP_PORT:-8080}",
            description = "The port to listen on (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_HTTP_PORT.")
    int httpPort;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "${env:SCHEMAHOOK_HTTP_HOST:-0.0.0.0}",
            description = "The address to listen on (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_HTTP_HOST.")
    String httpHost;

    @Option(names = "--refresh", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:SCHEMAHOOK_REFRESH:-60s}",
            description = "How often the database is read (default: ${DEFAULT-VALUE}). Env: SCHEMAHOOK_REFRESH.")
    Duration refresh;

    @Inject
    ServeState state;

    /**
     * Before Quarkus boots ({@link SchemahookMain#main}): only serve opens a port. application.properties turns the HTTP
     * listener off and this turns it on for serve, as system properties, which win over a user's QUARKUS_HTTP_*
     * variables; for the runner's commands, which this application has too, they force it off.
     * Quarkus 3.33 starts no listener at all then: VertxHttpRecorder.startServer (extensions/vertx-http/runtime/src/main/
     * java/io/quarkus/vertx/http/runtime/VertxHttpRecorder.java) calls doServerStart, which binds HTTP, HTTPS and the
     * domain socket, only {@code if (startSocket && (httpConfiguration.hostEnabled() ||
     * httpConfiguration.domainSocketEnabled() || managementConfig.hostEnabled() || managementConfig.domainSocketEnabled()))}
     * (NoNetworkPortTest). A port that serve cannot bind is the one-line usage error here, not Quarkus's stack trace.
     */
    static void beforeBoot(String[] withCommand) {
        boolean help = Arrays.stream(withCommand).anyMatch(arg -> arg.equals("-h") || arg.equals("--help"));
        if (!withCommand[0].equals("serve") || help) {
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.http.domain-socket-enabled", "false");
            System.setProperty("quarkus.management.host-enabled", "false");
            return;
        }
        String host = Objects.requireNonNullElse(SchemahookMain.givenValue(withCommand, "--http-host",
                "SCHEMAHOOK_HTTP_HOST"), "0.0.0.0");
        int port;
        try {
            port = Integer.parseInt(Objects.requireNonNullElse(SchemahookMain.givenValue(withCommand, "--http-port",
                    "SCHEMAHOOK_HTTP_PORT"), "8080").trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            // picocli or run() reports the bad value; nothing listens meanwhile.
            System.setProperty("quarkus.http.host-enabled", "false");
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            System.exit(ExitPath.fail("serve", null, SchemahookMain.outputFormat(withCommand),
                    new SchemahookException(ExitCode.USAGE, "cannot listen on " + host + ":" + port + " ("
                            + e.getMessage() + "): the port is in use or the address is not this host's; choose another"
                            + " with --http-port (SCHEMAHOOK_HTTP_PORT) or --http-host (SCHEMAHOOK_HTTP_HOST)")));
        }
        System.setProperty("quarkus.http.host-enabled", "true");
        System.setProperty("quarkus.http.domain-socket-enabled", "false");
        System.setProperty("quarkus.http.host", host);
        System.setProperty("quarkus.http.port", String.valueOf(port));
    }

    @Override
    String operation() {
        return "serve";
    }

    @Override
    int run(ConnectionConfig connectionConfig, MigrationConfig migrationConfig, Map<String, String> environment,
            String serverKind) {
        if (refresh.isZero() || refresh.isNegative()) {
            throw new SchemahookException(ExitCode.USAGE, "--refresh must be longer than 0, e.g. 60s; fix --refresh"
                    + " or SCHEMAHOOK_REFRESH");
        }
        if (snapshot != null && !Files.isReadable(snapshot)) {
            throw new SchemahookException(ExitCode.USAGE, "snapshot " + snapshot + " cannot be read; give the file"
                    + " 'schemahook verify --snapshot FILE' wrote with --snapshot or SCHEMAHOOK_SNAPSHOT");
        }
        if (httpPort < 1 || httpPort > 65535) {
            throw new SchemahookException(ExitCode.USAGE, "--http-port " + httpPort + " is not a port: give 1 to 65535"
                    + " with --http-port or SCHEMAHOOK_HTTP_PORT");
        }
        // One refresh waits for the server at most until the next is due; that one tries again.
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
        Duration wait = refresh.compareTo(connectionConfig.waitTimeout()) < 0 ? refresh : connectionConfig.waitTimeout();
        ConnectionConfig quick = new ConnectionConfig(connectionConfig.url(), connectionConfig.user(),
                connectionConfig.password(), connectionConfig.passwordFile(), wait, connectionConfig.embedded(),
                connectionConfig.embeddedMajor());
        Connections connections = new Connections(new ConnectionSettingsResolver(environment).resolve(quick));
        StopSignals.watch(new RunSessions(connections));
        MigrationService service = new MigrationService(connections, quick, migrationConfig);
        IgnorePatterns ignored = new IgnorePatterns(ignore == null ? List.of() : ignore);
        LOG.infof("serving http://%s:%d (/q/health, /q/metrics, /api/v1/status, /api/v1/drift); reading %s every %s",
                httpHost, httpPort, connections.settings().display(), Durations.format(refresh));
        while (Interruption.signal().isEmpty()) {
            refreshOnce(service, connections, migrationConfig.table(), ignored);
            try {
                Thread.sleep(refresh.toMillis());
            } catch (InterruptedException e) {
                break; // a stop signal: StopSignals interrupts this thread
            }
        }
        // The stop is this command's normal end: claim the report, so that the signal thread neither reports nor exits.
        if (StopSignals.claimReport()) {
            LOG.infof("stopped by %s: closing the HTTP service", Interruption.signal().orElse("a signal"));
        }
        StopSignals.reported();
        return ExitCode.SUCCESS.code();
    }

    /** One read of the database; a failure is counted and shown by readiness, and the next refresh tries again. */
    private void refreshOnce(MigrationService service, Connections connections, String table, IgnorePatterns ignored) {
        Instant at = Instant.now();
        try {
            OperationResult info = service.info();
            Optional<Refresh.Drift> drift = snapshot == null ? Optional.empty()
                    : Optional.of(drift(connections, table, ignored, at));
            state.succeeded(refresh(info, drift, at));
        } catch (SchemahookException e) {
            if (Interruption.signal().isPresent()) {
                return;
            }
            LOG.warnf("could not read the database, trying again in %s: %s", Durations.format(refresh),
                    Secrets.redact(e.getMessage()));
            state.failed(e.getMessage(), snapshot != null);
        }
    }

    private Refresh.Drift drift(Connections connections, String table, IgnorePatterns ignored, Instant at) {
        Map<String, Integer> differences = new TreeMap<>();
        for (String kind : Refresh.KINDS) {
            differences.put(kind, 0);
        }
        try {
            DriftResult result = new DriftService(connections).drift(snapshot, table, ignored);
            for (Difference difference : result.differences()) {
                differences.merge(difference.kind().label(), 1, Integer::sum);
            }
            return new Refresh.Drift(true, differences, 200, JsonReport.withField(DriftReport.json(result),
                    "refreshedAt", at.toString()) + "\n");
        } catch (SchemahookException e) {
            if (e.exitCode() != ExitCode.NOT_AT_SNAPSHOT_VERSION) {
                throw e;
            }
            return new Refresh.Drift(false, differences, 409, JsonReport.withField(JsonReport.renderError("drift",
                    connections.settings().display(), e), "refreshedAt", at.toString()) + "\n");
        }
    }

    /** The refresh's numbers and documents from info's result. */
    static Refresh refresh(OperationResult info, Optional<Refresh.Drift> drift, Instant at) {
        Map<String, Integer> byState = new TreeMap<>();
        for (String state : Refresh.STATES) {
            byState.put(state, 0);
        }
        Optional<Instant> lastMigration = Optional.empty();
        String description = "";
        for (MigrationRecord migration : info.migrations()) {
            String state = stateOf(migration.state());
            if (state != null) {
                byState.merge(state, 1, Integer::sum);
            }
            if ("applied".equals(state) && migration.installedOnUTC() != null) {
                Instant installed = Instant.parse(migration.installedOnUTC());
                if (lastMigration.isEmpty() || installed.isAfter(lastMigration.get())) {
                    lastMigration = Optional.of(installed);
                }
            }
            if (migration.version() != null && migration.version().equals(info.targetSchemaVersion())
                    && "applied".equals(state)) {
                description = migration.description();
            }
        }
        return new Refresh(at, Optional.ofNullable(info.targetSchemaVersion()), description, byState, lastMigration,
                JsonReport.withField(JsonReport.render(info), "refreshedAt", at.toString()) + "\n", drift);
    }

    /**
     * The metric's state of one of Flyway's: applied (in the database, its file here or not), pending (in the image,
     * not applied: what await waits for), future (applied by a newer image), failed; null for the rest (below the
     * baseline, above --target, deleted).
     */
    static String stateOf(String flywayState) {
        if (flywayState == null) {
            return null;
        }
        if (flywayState.contains("Failed")) {
            return "failed";
        }
        return switch (flywayState) {
            case "Success", "Baseline", "Out of Order", "Superseded", "Missing" -> "applied";
            case "Pending", "Ignored", "Outdated" -> "pending";
            case "Future" -> "future";
            default -> null;
        };
    }
}

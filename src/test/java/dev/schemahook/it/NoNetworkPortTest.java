package dev.schemahook.it;

import dev.schemahook.testing.AcrossJavaVersions;
import dev.schemahook.testing.Await;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@AcrossJavaVersions
@DisplayName("the runner as a process")
class NoNetworkPortTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("opens no listening network port while it migrates")
    void opensNoListeningPort() throws Exception {
        assertListensNowhere(Map.of(), Runner::start);
    }

    @Test
    @DisplayName("opens none while it migrates even when Quarkus's variables ask for an HTTP listener (only serve listens)")
    void opensNoPortForQuarkusVariables() throws Exception {
        assertListensNowhere(askingForAListener(temp.resolve("http.sock")), Runner::start);
        assertThat(temp.resolve("http.sock")).as("no domain socket either").doesNotExist();
    }

    @Test
    @DisplayName("the serve application, which has an HTTP server, opens none while it migrates, whatever Quarkus's variables say")
    void serveApplicationOpensNoPortForOtherCommands() throws Exception {
        assertListensNowhere(askingForAListener(temp.resolve("serve-http.sock")), Runner::startServe);
        assertThat(temp.resolve("serve-http.sock")).as("no domain socket either").doesNotExist();
    }

    /** Quarkus's variables for an HTTP listener on any port and a domain socket at {@code socket}. */
    private static Map<String, String> askingForAListener(Path socket) {
        return Map.of("QUARKUS_HTTP_HOST_ENABLED", "true", "QUARKUS_HTTP_PORT", "0",
                "QUARKUS_HTTP_DOMAIN_SOCKET_ENABLED", "true", "QUARKUS_HTTP_DOMAIN_SOCKET", socket.toString());
    }

    private void assertListensNowhere(Map<String, String> quarkusVariables,
            BiFunction<Map<String, String>, List<String>, Runner.Launched> start) throws Exception {
        TestDatabase database = PostgresServer.shared().createDatabase();
        // The migration waits for an advisory lock the test holds, so the runner stays in the middle of it, fully
        // started, for as long as the test looks, however slow the machine.
        Migrations migrations = Migrations.in(temp).add("V1__held.sql",
                "SELECT pg_advisory_lock(4711); SELECT pg_advisory_unlock(4711); CREATE TABLE a (id int);");
        Map<String, String> env = new HashMap<>(database.env());
        env.putAll(quarkusVariables);
        try (Connection holder = database.connect(); Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(4711)");
            Runner.Launched runner = start.apply(env, List.of("--locations", migrations.location()));
            long pid = runner.process().pid();
            Await.until("the runner's migration waits for the test's lock", Duration.ofSeconds(90), () -> "1".equals(
                    database.queryOne("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_advisory_lock(4711)%'"
                            + " AND wait_event_type = 'Lock' AND datname = current_database()")));

            Set<String> socketInodes = socketInodes(pid);
            Set<String> listening = listeningInodes();

            assertThat(socketInodes).as("the runner has open sockets (its database connections)").isNotEmpty();
            assertThat(socketInodes).as("none of them listens").doesNotContainAnyElementsOf(listening);
            statement.execute("SELECT pg_advisory_unlock(4711)");
            assertThat(runner.await(60).exitCode()).isZero();
        }
        assertThat(database.tableExists("a")).as("the migration ran to its end").isTrue();
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException ignored) {
                    // The descriptor closed while we looked.
                }
            });
        }
        return inodes;
    }

    /** Inodes of sockets in state LISTEN (0A) in /proc/net/tcp and tcp6. */
    private static Set<String> listeningInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            Files.readAllLines(path).stream().skip(1).map(l -> l.trim().split("\\s+"))
                    .filter(columns -> columns.length > 9 && columns[3].equals("0A"))
                    .forEach(columns -> inodes.add(columns[9]));
        }
        return inodes;
    }
}

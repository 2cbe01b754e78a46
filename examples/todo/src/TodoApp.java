import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example application: a to-do list over HTTP, kept in PostgreSQL. It owns no schema: the tables it reads
 * are the ones the migrations in ../migrations create, applied by schemahook before this code starts.
 *
 * Run it without a build: java -cp postgresql.jar src/TodoApp.java
 * Environment: DATABASE_URL (jdbc:postgresql://host:5432/todo), DATABASE_USER, DATABASE_PASSWORD, PORT (8080).
 *
 *   GET  /todos             the list as JSON, open items first (migration V3 indexes exactly that)
 *   POST /todos             adds an item; the request body is its title
 *   POST /todos/{id}/done   ticks an item off (the column migration V2 added)
 *   GET  /healthz           200 when the database answers
 */
public final class TodoApp {
    private static final Pattern DONE = Pattern.compile("/todos/(\\d+)/done");

    private final String url;
    private final String user;
    private final String password;

    private TodoApp(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static void main(String[] args) throws IOException {
        String url = environment("DATABASE_URL", "jdbc:postgresql://localhost:5432/todo");
        TodoApp app = new TodoApp(url, environment("DATABASE_USER", "todo"), environment("DATABASE_PASSWORD", ""));
        int port = Integer.parseInt(environment("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", app::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("todo listening on port " + server.getAddress().getPort() + ", database " + url);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try {
            Matcher done = DONE.matcher(path);
            if (path.equals("/healthz") && method.equals("GET")) {
                query("SELECT 1", PreparedStatement::execute);
                respond(exchange, 200, "text/plain", "ok\n");
            } else if (path.equals("/todos") && method.equals("GET")) {
                respond(exchange, 200, "application/json", list());
            } else if (path.equals("/todos") && method.equals("POST")) {
                String title = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (title.isEmpty()) {
                    respond(exchange, 400, "text/plain", "the request body must be the title\n");
                    return;
                }
                respond(exchange, 201, "application/json", add(title));
            } else if (done.matches() && method.equals("POST")) {
                boolean found = tickOff(Long.parseLong(done.group(1)));
                respond(exchange, found ? 204 : 404, "text/plain", "");
            } else {
                respond(exchange, 404, "text/plain", "not found\n");
            }
        } catch (SQLException e) {
            // A missing table or column here means code and schema drifted: exactly what schemahook prevents.
            System.err.println(method + " " + path + ": " + e.getMessage());
            respond(exchange, 503, "text/plain", "database error: " + e.getMessage() + "\n");
        }
    }

    private String list() throws SQLException {
        StringBuilder json = new StringBuilder("[");
        query("SELECT id, title, done FROM todo ORDER BY done, created_at, id", statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    json.append(json.length() > 1 ? "," : "").append(item(rows.getLong(1), rows.getString(2),
                            rows.getBoolean(3)));
                }
            }
        });
        return json.append("]\n").toString();
    }

    private String add(String title) throws SQLException {
        String[] created = new String[1];
        query("INSERT INTO todo (title) VALUES (?) RETURNING id, title, done", statement -> {
            statement.setString(1, title);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                created[0] = item(row.getLong(1), row.getString(2), row.getBoolean(3)) + "\n";
            }
        });
        return created[0];
    }

    private boolean tickOff(long id) throws SQLException {
        boolean[] found = new boolean[1];
        query("UPDATE todo SET done = true WHERE id = ?", statement -> {
            statement.setLong(1, id);
            found[0] = statement.executeUpdate() == 1;
        });
        return found[0];
    }

    /** One connection per request keeps the example free of a pool; a real application would use one. */
    private void query(String sql, Body body) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement statement = connection.prepareStatement(sql, Statement.NO_GENERATED_KEYS)) {
            body.run(statement);
        }
    }

    private interface Body {
        void run(PreparedStatement statement) throws SQLException;
    }

    private static String item(long id, String title, boolean done) {
        return "{\"id\":" + id + ",\"title\":\"" + escape(title) + "\",\"done\":" + done + "}";
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String environment(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

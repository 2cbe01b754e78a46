package dev.schemahook.database;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.FileErrors;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.error.Secrets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns what the user gave (a JDBC URL, a libpq URI, or libpq's PG* variables) into one {@link ConnectionSettings}.
 * Explicit flags win over the URL, the URL over PG* variables, as with psql.
 */
public final class ConnectionSettingsResolver {
    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    /** The largest password file read: far more than any password, far less than the heap. */
    private static final int MAX_PASSWORD_FILE = 64 * 1024;
    private static final Map<String, String> TARGET_SESSION_ATTRS = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

    private final Map<String, String> environment;

    public ConnectionSettingsResolver(Map<String, String> environment) {
        this.environment = environment;
    }

    public ConnectionSettings resolve(ConnectionConfig config) {
        return resolve(config, "--url or SCHEMAHOOK_DB_URL");
    }

    /** As {@link #resolve(ConnectionConfig)}, for a URL given by {@code urlOption}, which a malformed URL's error names. */
    public ConnectionSettings resolve(ConnectionConfig config, String urlOption) {
        Target target;
        try {
            target = config.url().filter(url -> !url.isBlank())
                    .map(ConnectionSettingsResolver::parseUrl)
                    .orElseGet(this::fromLibpqEnvironment);
        } catch (MalformedUrl e) {
            throw new SchemahookException(ExitCode.USAGE, e.getMessage() + ": fix " + urlOption);
        }

        Map<String, String> parameters = target.parameters;
        env("PGSSLMODE").ifPresent(mode -> parameters.putIfAbsent("sslmode", mode));
        env("PGSSLROOTCERT").ifPresent(cert -> parameters.putIfAbsent("sslrootcert", cert));
        env("PGAPPNAME").ifPresent(name -> parameters.putIfAbsent("ApplicationName", name));
        parameters.putIfAbsent("ApplicationName", "schemahook");
        parameters.putIfAbsent("connectTimeout", "10");

        Optional<String> user = config.user().filter(s -> !s.isEmpty())
                .or(() -> target.user)
                .or(() -> env("PGUSER"));
        // A configured password file is always read, so that a missing one is reported even when a password wins.
        Optional<String> fromFile = config.passwordFile().map(ConnectionSettingsResolver::readPasswordFile);
        Optional<String> password = config.password().filter(s -> !s.isEmpty())
                .or(() -> fromFile)
                .or(() -> target.password)
                .or(() -> env("PGPASSWORD"));
        password.ifPresent(Secrets::register);

        String database = target.database.or(() -> user).orElse("postgres");
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        String jdbcUrl = "jdbc:postgresql://" + target.hosts + "/" + database + (query.isEmpty() ? "" : "?" + query);
        return new ConnectionSettings(jdbcUrl, user, password, target.hosts + "/" + database);
    }

    private Target fromLibpqEnvironment() {
        Optional<String> host = env("PGHOST");
        if (host.isEmpty()) {
            throw new SchemahookException(ExitCode.USAGE,
                    "no database configured: set --url (SCHEMAHOOK_DB_URL) or PGHOST and PGDATABASE, or use --embedded");
        }
        if (host.get().startsWith("/")) {
            throw new SchemahookException(ExitCode.USAGE,
                    "PGHOST=" + host.get() + " is a Unix socket, which the JDBC driver cannot use: set PGHOST to a host name");
        }
        String port = env("PGPORT").orElse("5432");
        requirePort(port, "PGPORT");
        String hosts = java.util.Arrays.stream(host.get().split(","))
                .map(h -> h.contains(":") ? h : h + ":" + port)
                .collect(Collectors.joining(","));
        return new Target(hosts, env("PGDATABASE"), Optional.empty(), Optional.empty(), new LinkedHashMap<>());
    }

    static Target parseUrl(String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith(JDBC_PREFIX)) {
            return parseJdbcUrl(trimmed);
        }
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            return parseLibpqUri(trimmed);
        }
        throw new MalformedUrl("the database URL '" + Secrets.redact(trimmed)
                + "' is neither a JDBC URL (jdbc:postgresql://host:5432/db) nor a libpq URI (postgresql://host:5432/db)");
    }

    private static Target parseJdbcUrl(String url) {
        String rest = url.substring(JDBC_PREFIX.length());
        if (!rest.startsWith("//")) {
            throw new MalformedUrl("the JDBC URL must name a host (jdbc:postgresql://host:5432/db)");
        }
        Target target = splitAuthority(rest.substring(2));
        if (target.user.isPresent() || target.password.isPresent()) {
            throw new SchemahookException(ExitCode.USAGE,
                    "a JDBC URL cannot hold user@host: pass user and password as ?user=...&password=..., or use --user");
        }
        Optional<String> user = Optional.ofNullable(target.parameters.remove("user"));
        Optional<String> password = Optional.ofNullable(target.parameters.remove("password"));
        password.ifPresent(Secrets::register);
        return new Target(target.hosts, target.database, user, password, target.parameters);
    }

    private static Target parseLibpqUri(String uri) {
        Target target = splitAuthority(uri.substring(uri.indexOf("://") + 3));
        Map<String, String> jdbc = new LinkedHashMap<>();
        Optional<String> user = target.user;
        Optional<String> password = target.password;
        String hosts = target.hosts;
        Optional<String> database = target.database;
        for (Map.Entry<String, String> parameter : target.parameters.entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "user" -> user = Optional.of(value);
                case "password" -> password = Optional.of(value);
                case "dbname" -> database = Optional.of(value);
                case "host" -> hosts = value.contains(":") ? value : value + ":" + portOf(hosts);
                case "port" -> {
                    requirePort(value, "the URL's port");
                    hosts = hostOf(hosts) + ":" + value;
                }
                case "application_name" -> jdbc.put("ApplicationName", value);
                case "connect_timeout" -> jdbc.put("connectTimeout", value);
                case "target_session_attrs" -> {
                    String type = TARGET_SESSION_ATTRS.get(value);
                    if (type == null) {
                        throw new SchemahookException(ExitCode.USAGE, "target_session_attrs=" + value
                                + " is not supported: use one of " + String.join(", ", TARGET_SESSION_ATTRS.keySet()));
                    }
                    jdbc.put("targetServerType", type);
                }
                default -> jdbc.put(parameter.getKey(), value);
            }
        }
        password.ifPresent(Secrets::register);
        return new Target(hosts, database, user, password, jdbc);
    }

    /** Splits {@code [user[:password]@]host[:port][,host[:port]...][/db][?query]}. */
    private static Target splitAuthority(String rest) {
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        Optional<String> database = Optional.empty();
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String path = decode(rest.substring(slash + 1));
            database = path.isEmpty() ? Optional.empty() : Optional.of(path);
            rest = rest.substring(0, slash);
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            if (colon >= 0) {
                password = Optional.of(decode(credentials.substring(colon + 1)));
                password.ifPresent(Secrets::register);
                credentials = credentials.substring(0, colon);
            }
            user = credentials.isEmpty() ? Optional.empty() : Optional.of(decode(credentials));
        }
        String hosts = java.util.Arrays.stream((rest.isEmpty() ? "localhost" : rest).split(","))
                .map(h -> {
                    String host = h.isEmpty() ? "localhost" : h;
                    if (host.contains(":")) {
                        requirePort(host.substring(host.lastIndexOf(':') + 1), "the URL's port");
                        return host;
                    }
                    return host + ":5432";
                })
                .collect(Collectors.joining(","));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.put(key, value);
        }
        return new Target(hosts, database, user, password, parameters);
    }

    private static String readPasswordFile(Path file) {
        try {
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_PASSWORD_FILE + 1); // /dev/zero or a mistaken dump would fill the heap
            }
            if (bytes.length > MAX_PASSWORD_FILE) {
                throw new SchemahookException(ExitCode.USAGE, "the password file " + file + " holds more than "
                        + MAX_PASSWORD_FILE / 1024 + " KiB, which is no password: check --password-file /"
                        + " SCHEMAHOOK_DB_PASSWORD_FILE and the mounted Secret");
            }
            String content = new String(bytes, StandardCharsets.UTF_8);
            // A Secret mounted as a file often ends with the newline its author typed.
            String password = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            Secrets.register(password);
            return password;
        } catch (IOException e) {
            throw new SchemahookException(ExitCode.USAGE, "cannot read the password file " + file + " ("
                    + FileErrors.reason(file, e) + "): check --password-file / SCHEMAHOOK_DB_PASSWORD_FILE and the mounted Secret");
        }
    }

    private static void requirePort(String port, String what) {
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new SchemahookException(ExitCode.USAGE, what + " '" + port + "' is not a port number (1-65535)");
        }
    }

    private static String hostOf(String hosts) {
        String first = hosts.split(",")[0];
        return first.substring(0, first.lastIndexOf(':'));
    }

    private static String portOf(String hosts) {
        String first = hosts.split(",")[0];
        return first.substring(first.lastIndexOf(':') + 1);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedUrl("the database URL has a malformed %-escape");
        }
    }

    /** What is wrong with a URL; {@link #resolve} adds the option that gave it. */
    private static final class MalformedUrl extends RuntimeException {
        MalformedUrl(String what) {
            super(what);
        }
    }

    private Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
    }

    record Target(String hosts, Optional<String> database, Optional<String> user, Optional<String> password,
                  Map<String, String> parameters) {
    }
}

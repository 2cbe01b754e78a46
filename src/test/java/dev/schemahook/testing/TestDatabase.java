package dev.schemahook.testing;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One database of the test server, with what the tests need to set it up and to check it afterwards. */
public final class TestDatabase {
    private final PostgresServer server;
    private final String name;

    TestDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public PostgresServer server() {
        return server;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** The environment a user sets for the runner: URL, user and password. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SCHEMAHOOK_DB_URL", jdbcUrl());
        env.put("SCHEMAHOOK_DB_USER", server.adminUser());
        if (!server.adminPassword().isEmpty()) {
            env.put("SCHEMAHOOK_DB_PASSWORD", server.adminPassword());
        }
        return env;
    }

    /**
     * Flyway's own API on this database and folder, in this JVM: for the history a test starts from (a release
     * applied, a failed row), when what it tests is what the runner does next. Each runner start that only prepared
     * such a state cost a Quarkus boot; the runner applying a folder is tested where it is the subject
     * (MigrateFreshDatabaseTest, MigrateSqlErrorTest).
     */
    public FluentConfiguration flyway(Migrations migrations) {
        return Flyway.configure(TestDatabase.class.getClassLoader())
                .dataSource(jdbcUrl(), server.adminUser(), server.adminPassword())
                .locations(migrations.location());
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.adminUser(), server.adminPassword());
    }

    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Every row of a query, each column as text. */
    public List<List<String>> query(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public String queryOne(String sql) {
        List<List<String>> rows = query(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    /** The versions recorded as successfully applied, in the order they were applied. */
    public List<String> appliedVersions() {
        return appliedVersions("flyway_schema_history");
    }

    public List<String> appliedVersions(String table) {
        return query("SELECT version FROM " + table + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")
                .stream().map(row -> row.get(0)).toList();
    }

    public boolean tableExists(String table) {
        return "t".equals(queryOne("SELECT to_regclass('" + table + "') IS NOT NULL"))
                || "true".equals(queryOne("SELECT to_regclass('" + table + "') IS NOT NULL"));
    }
}

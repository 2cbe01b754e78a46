package dev.schemahook.drift;

import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.database.SqlStates;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.api.MigrationVersion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a {@link SchemaSnapshot} from PostgreSQL's catalog, read-only: any user that can connect can read it, and the
 * history table needs SELECT. Objects of extensions and the history table are left out; names are as
 * {@code quote_ident} writes them, so that a name with a dot or a capital letter cannot be mistaken for another.
 */
public final class CatalogReader {
    /** Who holds a privilege on an object, other than its owner: ownership differs between databases, grants should not. */
    private static final String GRANTS = """
            (SELECT string_agg(g, ', ' ORDER BY g) FROM (
              SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END
                     || ' ' || a.privilege_type || CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END AS g
              FROM aclexplode(%s) a WHERE a.grantee <> %s) grants)""";
    private static final String NOT_OF_EXTENSION = """
            NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '%s'::regclass AND e.objid = %s AND e.deptype = 'e')""";
    private static final String RELATION_KIND = """
            CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized-view' WHEN 'S' THEN 'sequence' ELSE 'table' END""";
    private static final String QUALIFIED = "quote_ident(n.nspname) || '.' || quote_ident(%s)";

    private final Connections connections;

    public CatalogReader(Connections connections) {
        this.connections = connections;
    }

    /**
     * Describes {@code schemas} (the user's current schema when empty), without the history table {@code table} of the
     * first schema.
     */
    public SchemaSnapshot read(List<String> schemas, String table) {
        try (Connection connection = connections.open()) {
            connection.setReadOnly(true);
            List<String> described = schemas.isEmpty() ? List.of(currentSchema(connection)) : schemas;
            // Definitions name objects as the search path requires: with none, every name is qualified, whoever reads.
            try (var statement = connection.createStatement()) {
                statement.execute("SET search_path TO pg_catalog");
            }
            String history = quoteIdent(connection, described.get(0)) + "." + quoteIdent(connection, table);
            Reader reader = new Reader(connection, connection.createArrayOf("text", described.toArray()), history);
            reader.relations();
            reader.sequences();
            reader.columns();
            reader.constraints();
            reader.indexes();
            reader.triggers();
            reader.routines();
            reader.extensions();
            reader.types();
            return new SchemaSnapshot(schemaVersion(connection, history), described, reader.objects);
        } catch (SQLException e) {
            if (SqlStates.isAuthenticationFailure(e)) {
                throw DatabaseWaiter.authenticationFailure(connections.settings(), e);
            }
            throw new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "cannot read the schema of database "
                    + connections.settings() + ": " + DatabaseWaiter.describe(e) + "; check that the database answers and"
                    + " the user may connect to it", e);
        }
    }

    /** The highest version applied successfully, compared as Flyway compares versions; empty without history. */
    private String schemaVersion(Connection connection, String history) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, history);
            try (ResultSet result = exists.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return "";
                }
            }
        }
        MigrationVersion highest = null;
        try (PreparedStatement versions = connection.prepareStatement(
                "SELECT version FROM " + history + " WHERE success AND version IS NOT NULL");
             ResultSet result = versions.executeQuery()) {
            while (result.next()) {
                MigrationVersion version = MigrationVersion.fromVersion(result.getString(1));
                if (highest == null || version.compareTo(highest) > 0) {
                    highest = version;
                }
            }
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new SchemahookException(ExitCode.AUTHENTICATION_FAILED, "user '"
                        + connections.settings().user().orElse("") + "' may not read the history table " + history + ": " + DatabaseWaiter.describe(e)
                        + "; GRANT SELECT ON " + history + " to the read-only user", e);
            }
            throw e;
        }
        return highest == null ? "" : highest.getVersion();
    }

    private static String currentSchema(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT current_schema()")) {
            result.next();
            String schema = result.getString(1);
            if (schema == null) {
                throw new SchemahookException(ExitCode.USAGE, "the user has no current schema (search_path names none"
                        + " that exists): give the schemas to describe with --schemas");
            }
            return schema;
        }
    }

    private static String quoteIdent(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT quote_ident(?)")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    /** One read: the queries share the schemas and the history table to leave out, and fill one map. */
    private static final class Reader {
        private final Connection connection;
        private final Array schemas;
        private final String history;
        private final SortedMap<String, SortedMap<String, String>> objects = new TreeMap<>();

        Reader(Connection connection, Array schemas, String history) {
            this.connection = connection;
            this.schemas = schemas;
            this.history = history;
        }

        void relations() throws SQLException {
            query("SELECT " + RELATION_KIND + ", " + QUALIFIED.formatted("c.relname") + ","
                    + " CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END,"
                    + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,"
                    + " CASE c.relpersistence WHEN 'u' THEN 'unlogged' END, c.relrowsecurity, "
                    + GRANTS.formatted("c.relacl", "c.relowner")
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ANY(?) AND c.relkind IN ('r', 'p', 'v', 'm')"
                    + " AND c.oid <> coalesce(to_regclass(?)::oid, 0) AND "
                    + NOT_OF_EXTENSION.formatted("pg_class", "c.oid"), row -> {
                SortedMap<String, String> attributes = add(row.getString(1) + " " + row.getString(2));
                put(attributes, "definition", normalise(row.getString(3)));
                put(attributes, "partitionKey", row.getString(4));
                put(attributes, "persistence", row.getString(5));
                if (row.getBoolean(6)) {
                    attributes.put("rowSecurity", "enabled");
                }
                put(attributes, "grants", row.getString(7));
            });
        }

        void sequences() throws SQLException {
            query("SELECT " + QUALIFIED.formatted("c.relname") + ", format_type(s.seqtypid, NULL), s.seqstart,"
                    + " s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,"
                    + " (SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)"
                    + "  FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                    + "  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                    + "  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass"
                    + "  AND d.deptype IN ('a', 'i') LIMIT 1), "
                    + GRANTS.formatted("c.relacl", "c.relowner")
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid"
                    + " WHERE n.nspname = ANY(?) AND c.relkind = 'S' AND " + NOT_OF_EXTENSION.formatted("pg_class", "c.oid"), row -> {
                SortedMap<String, String> attributes = add("sequence " + row.getString(1));
                attributes.put("type", row.getString(2));
                attributes.put("start", row.getString(3));
                attributes.put("increment", row.getString(4));
                attributes.put("minimum", row.getString(5));
                attributes.put("maximum", row.getString(6));
                attributes.put("cache", row.getString(7));
                attributes.put("cycle", String.valueOf(row.getBoolean(8)));
                put(attributes, "ownedBy", row.getString(9));
                put(attributes, "grants", row.getString(10));
            });
        }

        void columns() throws SQLException {
            query("SELECT " + QUALIFIED.formatted("c.relname") + ", quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),"
                    + " a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,"
                    + " CASE WHEN a.attcollation <> t.typcollation THEN quote_ident(co.collname) END"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                    + " WHERE n.nspname = ANY(?) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
                    + " AND c.oid <> coalesce(to_regclass(?)::oid, 0) AND " + NOT_OF_EXTENSION.formatted("pg_class", "c.oid"),
                    row -> {
                SortedMap<String, String> attributes = add("column " + row.getString(1) + "." + row.getString(2));
                attributes.put(SchemaSnapshot.PARENT, "table " + row.getString(1));
                attributes.put("type", row.getString(3));
                attributes.put("nullable", String.valueOf(!row.getBoolean(4)));
                boolean generated = "s".equals(row.getString(7));
                put(attributes, generated ? "generated" : "default", row.getString(5));
                put(attributes, "identity", switch (row.getString(6)) {
                    case "a" -> "always";
                    case "d" -> "by default";
                    default -> null;
                });
                put(attributes, "collation", row.getString(8));
            });
        }

        void constraints() throws SQLException {
            query("SELECT " + RELATION_KIND + ", " + QUALIFIED.formatted("c.relname") + ", quote_ident(k.conname),"
                    + " pg_get_constraintdef(k.oid, true), k.convalidated"
                    + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ANY(?) AND c.oid <> coalesce(to_regclass(?)::oid, 0) AND "
                    + NOT_OF_EXTENSION.formatted("pg_class", "c.oid"), row -> {
                SortedMap<String, String> attributes = add("constraint " + row.getString(2) + "." + row.getString(3));
                attributes.put(SchemaSnapshot.PARENT, row.getString(1) + " " + row.getString(2));
                attributes.put("definition", row.getString(4));
                attributes.put("validated", String.valueOf(row.getBoolean(5)));
            });
        }

        /** Indexes of their own; one that backs a primary key, unique or exclusion constraint is that constraint. */
        void indexes() throws SQLException {
            query("SELECT " + RELATION_KIND + ", " + QUALIFIED.formatted("c.relname") + ", " + QUALIFIED.formatted("ic.relname")
                    + ", pg_get_indexdef(i.indexrelid), i.indisvalid"
                    + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid"
                    + " JOIN pg_namespace n ON n.oid = ic.relnamespace"
                    + " WHERE n.nspname = ANY(?) AND c.oid <> coalesce(to_regclass(?)::oid, 0)"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid"
                    + "  AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) AND "
                    + NOT_OF_EXTENSION.formatted("pg_class", "c.oid"), row -> {
                SortedMap<String, String> attributes = add("index " + row.getString(3));
                attributes.put(SchemaSnapshot.PARENT, row.getString(1) + " " + row.getString(2));
                attributes.put("definition", row.getString(4));
                attributes.put("valid", String.valueOf(row.getBoolean(5)));
            });
        }

        void triggers() throws SQLException {
            query("SELECT " + RELATION_KIND + ", " + QUALIFIED.formatted("c.relname") + ", quote_ident(t.tgname),"
                    + " pg_get_triggerdef(t.oid, true), t.tgenabled"
                    + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ANY(?) AND NOT t.tgisinternal AND c.oid <> coalesce(to_regclass(?)::oid, 0) AND "
                    + NOT_OF_EXTENSION.formatted("pg_class", "c.oid"), row -> {
                SortedMap<String, String> attributes = add("trigger " + row.getString(2) + "." + row.getString(3));
                attributes.put(SchemaSnapshot.PARENT, row.getString(1) + " " + row.getString(2));
                attributes.put("definition", row.getString(4));
                attributes.put("enabled", switch (row.getString(5)) {
                    case "D" -> "disabled";
                    case "R" -> "replica";
                    case "A" -> "always";
                    default -> "origin";
                });
            });
        }

        /** Functions and procedures by signature; the body as a hash, so that a snapshot stays readable. */
        void routines() throws SQLException {
            query("SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, " + QUALIFIED.formatted("p.proname")
                    + " || '(' || pg_get_function_identity_arguments(p.oid) || ')', pg_get_function_result(p.oid),"
                    + " l.lanname, p.provolatile, p.prosecdef, p.proisstrict, array_to_string(p.proconfig, ', '),"
                    + " CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) ELSE p.prosrc END, "
                    + GRANTS.formatted("coalesce(p.proacl, acldefault('f', p.proowner))", "p.proowner")
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
                    + " WHERE n.nspname = ANY(?) AND p.prokind IN ('f', 'p', 'w') AND "
                    + NOT_OF_EXTENSION.formatted("pg_proc", "p.oid"), row -> {
                boolean procedure = "procedure".equals(row.getString(1));
                SortedMap<String, String> attributes = add(row.getString(1) + " " + row.getString(2));
                put(attributes, "returns", procedure ? null : row.getString(3));
                attributes.put("language", row.getString(4));
                if (!procedure) {
                    attributes.put("volatility", switch (row.getString(5)) {
                        case "i" -> "immutable";
                        case "s" -> "stable";
                        default -> "volatile";
                    });
                    attributes.put("strict", String.valueOf(row.getBoolean(7)));
                }
                attributes.put("security", row.getBoolean(6) ? "definer" : "invoker");
                put(attributes, "settings", row.getString(8));
                attributes.put("bodyHash", sha256(row.getString(9)));
                put(attributes, "grants", row.getString(10));
            });
        }

        void extensions() throws SQLException {
            query("SELECT quote_ident(x.extname), x.extversion, quote_ident(n.nspname) FROM pg_extension x"
                    + " JOIN pg_namespace n ON n.oid = x.extnamespace WHERE n.nspname = ANY(?)", row -> {
                SortedMap<String, String> attributes = add("extension " + row.getString(1));
                attributes.put("version", row.getString(2));
                attributes.put("schema", row.getString(3));
            });
        }

        /** Enum and domain types; a table's own row type is the table. */
        void types() throws SQLException {
            query("SELECT t.typtype, " + QUALIFIED.formatted("t.typname") + ","
                    + " (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e"
                    + "  WHERE e.enumtypid = t.oid),"
                    + " format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,"
                    + " (SELECT string_agg(quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid, true), ', '"
                    + "  ORDER BY k.conname) FROM pg_constraint k WHERE k.contypid = t.oid),"
                    + " CASE WHEN t.typcollation <> 0 AND t.typcollation <> (SELECT b.typcollation FROM pg_type b"
                    + "  WHERE b.oid = t.typbasetype) THEN (SELECT quote_ident(collname) FROM pg_collation"
                    + "  WHERE oid = t.typcollation) END"
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE n.nspname = ANY(?) AND t.typtype IN ('e', 'd') AND "
                    + NOT_OF_EXTENSION.formatted("pg_type", "t.oid"), row -> {
                if ("e".equals(row.getString(1))) {
                    add("enum " + row.getString(2)).put("values", row.getString(3));
                    return;
                }
                SortedMap<String, String> attributes = add("domain " + row.getString(2));
                attributes.put("type", row.getString(4));
                attributes.put("nullable", String.valueOf(!row.getBoolean(5)));
                put(attributes, "default", row.getString(6));
                put(attributes, "constraints", row.getString(7));
                put(attributes, "collation", row.getString(8));
            });
        }

        private SortedMap<String, String> add(String id) {
            SortedMap<String, String> attributes = new TreeMap<>();
            objects.put(id, attributes);
            return attributes;
        }

        private void query(String sql, RowReader reader) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, schemas);
                if (sql.chars().filter(c -> c == '?').count() > 1) {
                    statement.setString(2, history);
                }
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        reader.read(result);
                    }
                }
            }
        }
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void put(SortedMap<String, String> attributes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(name, value);
        }
    }

    /** View definitions keep their lines (a diff shows which changed) without trailing blanks. */
    private static String normalise(String definition) {
        return definition == null ? null : definition.strip().lines().map(String::stripTrailing)
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((text == null ? "" : text.strip())
                    .getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

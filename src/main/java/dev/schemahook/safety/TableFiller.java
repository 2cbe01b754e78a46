package dev.schemahook.safety;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives every table of the throwaway database at least a few rows before a migration runs, so that a migration that
 * fails on a table holding rows (ADD COLUMN ... NOT NULL, a CHECK the data breaks, a cast that fails) fails in the
 * analysis too. Values follow each column's type; identity, generated and sequence columns take theirs, and so do
 * columns with a default outside a unique index;
 * a single-column foreign key takes a value of the referenced table, which is filled first. What cannot be filled is
 * said, with PostgreSQL's reason, never an error: the migration then runs on what there is.
 */
final class TableFiller {
    private static final String MARK = LockObserver.MARK;
    private static final String TABLES = MARK + "SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
            + " AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_%' AND c.relname <> ? ORDER BY c.oid";
    private static final String FOREIGN_KEYS = MARK + "SELECT conrelid, confrelid, conkey[1], confkey[1],"
            + " cardinality(conkey) FROM pg_constraint WHERE contype = 'f'";
    private static final String COLUMNS = MARK + "SELECT a.attnum, quote_ident(a.attname), format_type(a.atttypid,"
            + " a.atttypmod), coalesce(b.typcategory, t.typcategory), coalesce(b.typname, t.typname), a.attnotnull,"
            + " a.attidentity <> '' OR a.attgenerated <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%',"
            + " false), a.atthasdef, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique"
            + " AND a.attnum = ANY (i.indkey)) FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
            + " LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype"
            + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    /** Where the generated keys start on each attempt: past keys a migration inserted, still within smallint. */
    private static final int[] KEY_BASES = {0, 10_000, 20_000};

    private final int rows;
    private final String historyTable;

    TableFiller(int rows, String historyTable) {
        this.rows = rows;
        this.historyTable = historyTable;
    }

    /**
     * @param generated identity, generated or taking a sequence's next value: always left to PostgreSQL
     * @param defaulted has a default: production's rows mostly hold it, and a value made up here could break a CHECK
     *                  added later
     * @param unique part of a unique index: a default repeated in every row would break it, so values are made up
     */
    private record Column(String name, String type, String category, String typeName, boolean notNull,
                          boolean generated, boolean defaulted, boolean unique) {
    }

    private record ForeignKey(long table, long referenced, int column, int referencedColumn) {
    }

    /** The rows every table gets; 0 when filling is off. */
    int rows() {
        return rows;
    }

    /**
     * Fills every table that holds fewer than {@code rows} rows, on its own autocommit connection.
     *
     * @return what could not be filled, one line per table: the table and PostgreSQL's reason
     */
    List<String> fill(Connection connection) throws SQLException {
        if (rows <= 0) {
            return List.of();
        }
        connection.setAutoCommit(true);
        Map<Long, String> tables = new LinkedHashMap<>();
        try (var statement = connection.prepareStatement(TABLES)) {
            statement.setString(1, historyTable);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    tables.put(result.getLong(1), result.getString(2));
                }
            }
        }
        List<ForeignKey> keys = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(FOREIGN_KEYS)) {
            while (result.next()) {
                if (result.getInt(5) == 1) {
                    keys.add(new ForeignKey(result.getLong(1), result.getLong(2), result.getInt(3), result.getInt(4)));
                }
            }
        }
        List<String> unfilled = new ArrayList<>();
        for (long table : parentsFirst(tables.keySet(), keys)) {
            String problem = fill(connection, table, tables.get(table), keys, tables);
            if (problem != null) {
                unfilled.add(tables.get(table) + ": " + problem);
            }
        }
        return unfilled;
    }

    /** The tables in an order where a referenced table comes before the tables that reference it (cycles: as found). */
    private static List<Long> parentsFirst(Set<Long> tables, List<ForeignKey> keys) {
        List<Long> order = new ArrayList<>();
        Set<Long> visiting = new HashSet<>();
        for (long table : tables) {
            visit(table, tables, keys, visiting, order);
        }
        return order;
    }

    private static void visit(long table, Set<Long> tables, List<ForeignKey> keys, Set<Long> visiting, List<Long> order) {
        if (order.contains(table) || !visiting.add(table)) {
            return;
        }
        for (ForeignKey key : keys) {
            if (key.table() == table && key.referenced() != table && tables.contains(key.referenced())) {
                visit(key.referenced(), tables, keys, visiting, order);
            }
        }
        order.add(table);
    }

    /** Fills one table; returns why it could not, or null. */
    private String fill(Connection connection, long oid, String table, List<ForeignKey> keys, Map<Long, String> tables)
            throws SQLException {
        long present = count(connection, "SELECT count(*) FROM (SELECT 1 FROM " + table + " LIMIT " + rows + ") s");
        if (present >= rows) {
            return null;
        }
        Map<Integer, Column> columns = columns(connection, oid);
        // A referenced value per row through a join on the row number: one pass over each referenced table.
        Map<Integer, String> references = new HashMap<>();
        StringBuilder joins = new StringBuilder();
        for (ForeignKey key : keys) {
            if (key.table() == oid && tables.containsKey(key.referenced()) && !references.containsKey(key.column())) {
                String referenced = tables.get(key.referenced());
                long available = count(connection, "SELECT count(*) FROM " + referenced);
                if (available == 0) {
                    references.put(key.column(), "NULL");
                    continue;
                }
                String alias = "r" + references.size();
                references.put(key.column(), alias + ".v");
                joins.append(" JOIN (SELECT ").append(referencedColumn(connection, key)).append(" AS v, row_number()")
                        .append(" OVER () - 1 AS n FROM ").append(referenced).append(") ").append(alias).append(" ON ")
                        .append(alias).append(".n = g.k % ").append(available);
            }
        }
        String problem = null;
        for (boolean minimal : new boolean[] {false, true}) {
            for (int base : KEY_BASES) {
                List<String> names = new ArrayList<>();
                List<String> values = new ArrayList<>();
                columns.forEach((number, column) -> {
                    if (column.generated() || (column.defaulted() && (minimal || !column.unique()))
                            || (minimal && !column.notNull())) {
                        return;
                    }
                    names.add(column.name());
                    values.add(references.getOrDefault(number, value(column)));
                });
                String insert = MARK + "INSERT INTO " + table + (names.isEmpty() ? " SELECT FROM" : " ("
                        + String.join(", ", names) + ") SELECT " + String.join(", ", values) + " FROM")
                        + " generate_series(" + (base + present + 1) + ", " + (base + rows) + ") AS g(k)" + joins;
                try (Statement statement = connection.createStatement()) {
                    statement.execute(insert);
                    return null;
                } catch (SQLException e) {
                    problem = e.getMessage() == null ? e.getSQLState() : e.getMessage().lines().findFirst().orElse("");
                    if (!"23505".equals(e.getSQLState())) {
                        break; // only a duplicate key is worth another range of keys
                    }
                }
            }
        }
        return problem;
    }

    private static String referencedColumn(Connection connection, ForeignKey key) throws SQLException {
        try (var statement = connection.prepareStatement(MARK + "SELECT quote_ident(attname) FROM pg_attribute"
                + " WHERE attrelid = ? AND attnum = ?")) {
            statement.setLong(1, key.referenced());
            statement.setInt(2, key.referencedColumn());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private static Map<Integer, Column> columns(Connection connection, long oid) throws SQLException {
        Map<Integer, Column> columns = new LinkedHashMap<>();
        try (var statement = connection.prepareStatement(COLUMNS)) {
            statement.setLong(1, oid);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    columns.put(result.getInt(1), new Column(result.getString(2), result.getString(3),
                            result.getString(4), result.getString(5), result.getBoolean(6), result.getBoolean(7),
                            result.getBoolean(8), result.getBoolean(9)));
                }
            }
        }
        return columns;
    }

    /** A value of the column's type for row number {@code g.k}: distinct per row where the type allows it. */
    static String value(Column column) {
        String type = column.type();
        String cast = switch (column.category()) {
            case "N" -> "g.k";
            case "B" -> "g.k % 2 = 1";
            case "D" -> column.typeName().startsWith("time") && !column.typeName().startsWith("timestamp")
                    ? "time '00:00' + g.k * interval '1 second'" : "now() - g.k * interval '1 minute'";
            case "T" -> "g.k * interval '1 minute'";
            case "E" -> "(enum_range(NULL::" + type + "))[1 + g.k % cardinality(enum_range(NULL::" + type + "))]";
            case "A" -> "'{}'";
            case "I" -> "'10.' || (g.k / 65536 % 256) || '.' || (g.k / 256 % 256) || '.' || (g.k % 256)";
            case "V" -> "'1'";
            default -> switch (column.typeName()) {
                case "uuid" -> "md5(g.k::text)";
                case "json", "jsonb" -> "'{}'";
                case "bytea" -> "convert_to(g.k::text, 'UTF8')";
                default -> "g.k::text";
            };
        };
        return "CAST(" + cast + " AS " + type + ")";
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(MARK + sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}

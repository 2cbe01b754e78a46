package dev.schemahook.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules that read a statement's text: what it asks PostgreSQL to do to a table that existed before the migration.
 * The catalog answers whether a table existed and what a function is; the lock observer adds what really happened.
 */
public final class StaticAnalyzer {
    private static final Set<String> TRANSACTION_CONTROL = Set.of("begin", "start", "commit", "end", "rollback", "abort");
    /** Words that end a column's DEFAULT expression in ADD COLUMN. */
    private static final Set<String> COLUMN_CONSTRAINTS = Set.of("not", "null", "primary", "references", "check",
            "unique", "constraint", "generated", "collate");
    /** Words of a WHERE clause that bound an UPDATE or DELETE to part of the table. */
    private static final Set<String> BOUNDS = Set.of("between", "in", "any", "limit", "like");
    private static final Set<String> SERIAL_TYPES = Set.of("serial", "bigserial", "smallserial", "serial2", "serial4",
            "serial8");

    private StaticAnalyzer() {
    }

    /** BEGIN, COMMIT and the like: Flyway runs them as written, and they are not the migration's own work. */
    public static boolean isTransactionControl(SqlStatement statement) {
        String first = statement.word(0);
        return TRANSACTION_CONTROL.contains(first) && !(first.equals("end") && statement.tokens().size() > 3)
                && !(first.equals("start") && !statement.word(1).equals("transaction"));
    }

    /** The findings of one statement, read before it runs, while the catalog still shows the schema it changes. */
    public static List<Finding> analyze(String migration, SqlStatement statement, Catalog catalog) {
        List<Finding> findings = new ArrayList<>();
        String first = statement.word(0);
        if (first.equals("create") && (statement.word(1).equals("index") || statement.wordsAt(1, "unique", "index"))) {
            createIndex(migration, statement, catalog, findings);
        } else if (statement.wordsAt(0, "drop", "index")) {
            dropIndex(migration, statement, catalog, findings);
        } else if (first.equals("reindex") && !statement.hasWord("concurrently")) {
            int at = statement.word(1).equals("(") ? statement.indexOfWord("index", 1) : 1;
            Name name = Name.read(statement, Math.max(at, 1) + 1);
            if (name != null && (statement.word(1).equals("index") || statement.word(1).equals("table"))
                    && catalog.existedBefore(name.regclass())) {
                findings.add(Finding.of(Rule.INDEX_WITHOUT_CONCURRENTLY, migration, statement.line(),
                        "REINDEX " + statement.word(1).toUpperCase() + " " + name.display()
                                + " without CONCURRENTLY rebuilds under a lock that blocks writes"));
            }
        } else if (statement.wordsAt(0, "alter", "table")) {
            alterTable(migration, statement, catalog, findings);
        } else if (first.equals("update") || statement.wordsAt(0, "delete", "from")) {
            backfill(migration, statement, catalog, findings);
        } else if (statement.wordsAt(0, "drop", "table")) {
            for (Name name : Name.list(statement, skipIfExists(statement, 2))) {
                if (catalog.existedBefore(name.regclass())) {
                    findings.add(Finding.of(Rule.DROP_TABLE, migration, statement.line(),
                            "drops table " + name.display() + ", which the previous release may still use"));
                }
            }
        }
        return findings;
    }

    /**
     * The CONCURRENTLY statements of a migration that PostgreSQL or Flyway will refuse. {@code transactional} says,
     * for each statement, whether Flyway's parser lets it run in a transaction: Flyway refuses a migration that mixes
     * both kinds, and PostgreSQL refuses CONCURRENTLY after an explicit BEGIN.
     */
    public static List<Finding> concurrentlyInTransaction(String migration, List<SqlStatement> all,
                                                          List<Boolean> transactional) {
        List<Finding> findings = new ArrayList<>();
        long others = 0;
        for (int i = 0; i < all.size(); i++) {
            if (transactional.get(i) && !isTransactionControl(all.get(i))) {
                others++;
            }
        }
        boolean explicitBegin = false;
        for (int i = 0; i < all.size(); i++) {
            SqlStatement statement = all.get(i);
            if (isTransactionControl(statement) && (statement.word(0).equals("begin") || statement.word(0).equals("start"))) {
                explicitBegin = true;
            }
            if (transactional.get(i) || !statement.hasWord("concurrently")) {
                continue;
            }
            if (explicitBegin) {
                findings.add(Finding.of(Rule.CONCURRENTLY_IN_TRANSACTION, migration, statement.line(),
                        "CONCURRENTLY after an explicit BEGIN: PostgreSQL refuses it inside a transaction block"));
            } else if (others > 0) {
                findings.add(Finding.of(Rule.CONCURRENTLY_IN_TRANSACTION, migration, statement.line(),
                        "CONCURRENTLY in a migration with " + others + " other transactional statement"
                                + (others == 1 ? "" : "s") + ": Flyway refuses to mix them in one migration"));
            }
        }
        return findings;
    }

    private static void createIndex(String migration, SqlStatement statement, Catalog catalog, List<Finding> findings) {
        if (statement.hasWord("concurrently")) {
            return;
        }
        int on = statement.indexOfWord("on", 2);
        if (on < 0) {
            return;
        }
        int at = statement.word(on + 1).equals("only") ? on + 2 : on + 1;
        Name table = Name.read(statement, at);
        if (table != null && catalog.existedBefore(table.regclass())) {
            findings.add(Finding.of(Rule.INDEX_WITHOUT_CONCURRENTLY, migration, statement.line(),
                    "CREATE INDEX on existing table " + table.display() + " without CONCURRENTLY blocks writes to it"
                            + " for the whole build"));
        }
    }

    private static void dropIndex(String migration, SqlStatement statement, Catalog catalog, List<Finding> findings) {
        if (statement.hasWord("concurrently")) {
            return;
        }
        for (Name index : Name.list(statement, skipIfExists(statement, 2))) {
            if (catalog.existedBefore(index.regclass())) {
                findings.add(Finding.of(Rule.INDEX_WITHOUT_CONCURRENTLY, migration, statement.line(),
                        "DROP INDEX " + index.display() + " without CONCURRENTLY takes ACCESS EXCLUSIVE on its table"));
            }
        }
    }

    private static void alterTable(String migration, SqlStatement statement, Catalog catalog, List<Finding> findings) {
        int at = skipIfExists(statement, 2);
        if (statement.word(at).equals("only")) {
            at++;
        }
        Name table = Name.read(statement, at);
        if (table == null || !catalog.existedBefore(table.regclass())) {
            return;
        }
        int index = table.end();
        if (index < statement.tokens().size() && statement.tokens().get(index).isPunctuation("*")) {
            index++;
        }
        for (List<SqlToken> action : splitActions(statement.tokens().subList(index, statement.tokens().size()))) {
            SqlStatement part = new SqlStatement("", statement.line(), action);
            alterTableAction(migration, statement.line(), table, part, catalog, findings);
        }
    }

    private static void alterTableAction(String migration, int line, Name table, SqlStatement action, Catalog catalog,
                                         List<Finding> findings) {
        String verb = action.word(0);
        String t = table.display();
        if (verb.equals("add")) {
            int i = 1;
            if (action.word(i).equals("constraint")) {
                i += 2;
            }
            String kind = action.word(i);
            boolean isConstraint = kind.equals("foreign") || kind.equals("check") || kind.equals("unique")
                    || kind.equals("primary") || kind.equals("exclude") || action.word(1).equals("constraint");
            if (isConstraint) {
                if ((kind.equals("foreign") || kind.equals("check")) && !action.hasWord("valid")) {
                    findings.add(Finding.of(Rule.CONSTRAINT_WITHOUT_NOT_VALID, migration, line,
                            "adds a " + (kind.equals("check") ? "CHECK" : "FOREIGN KEY") + " constraint to " + t
                                    + " without NOT VALID: every row is checked under a lock that blocks writes"));
                } else if ((kind.equals("unique") || kind.equals("primary")) && !action.hasWord("using")) {
                    findings.add(Finding.of(Rule.UNIQUE_WITHOUT_INDEX, migration, line,
                            "adds a " + (kind.equals("unique") ? "UNIQUE" : "PRIMARY KEY") + " constraint to " + t
                                    + " without USING INDEX: its index is built under ACCESS EXCLUSIVE"));
                }
                return;
            }
            addColumn(migration, line, t, action, catalog, findings);
        } else if (verb.equals("alter")) {
            int i = action.word(1).equals("column") ? 2 : 1;
            Name column = Name.read(action, i);
            if (column == null) {
                return;
            }
            int next = column.end();
            if (action.wordsAt(next, "set", "not", "null")) {
                if (!catalog.hasValidatedNotNullCheck(table.regclass(), column.last())) {
                    findings.add(Finding.of(Rule.SET_NOT_NULL, migration, line, "SET NOT NULL on " + t + "."
                            + column.display() + " scans the table under ACCESS EXCLUSIVE: no validated CHECK ("
                            + column.display() + " IS NOT NULL) proves it"));
                }
            } else if (action.word(next).equals("type") || action.wordsAt(next, "set", "data", "type")) {
                findings.add(Finding.of(Rule.COLUMN_TYPE_CHANGE, migration, line,
                        "changes the type of " + t + "." + column.display()));
            }
        } else if (verb.equals("rename")) {
            if (action.word(1).equals("to")) {
                findings.add(Finding.of(Rule.RENAME_TABLE, migration, line, "renames table " + t + " to "
                        + displayAt(action, 2)));
            } else if (!action.word(1).equals("constraint")) {
                int i = action.word(1).equals("column") ? 2 : 1;
                Name column = Name.read(action, i);
                if (column != null) {
                    findings.add(Finding.of(Rule.RENAME_COLUMN, migration, line, "renames column " + t + "."
                            + column.display() + " to " + displayAt(action, column.end() + 1)));
                }
            }
        } else if (verb.equals("drop") && !action.word(1).equals("constraint") && !action.word(1).equals("default")
                && !action.word(1).equals("not")) {
            int i = action.word(1).equals("column") ? 2 : 1;
            i = skipIfExists(action, i);
            Name column = Name.read(action, i);
            // DROP COLUMN IF EXISTS of a column an earlier migration dropped does nothing.
            if (column != null && catalog.hasColumn(table.regclass(), column.last())) {
                findings.add(Finding.of(Rule.DROP_COLUMN, migration, line, "drops column " + t + "." + column.display()
                        + ", which the previous release may still use"));
            }
        }
    }

    private static void addColumn(String migration, int line, String table, SqlStatement action, Catalog catalog,
                                  List<Finding> findings) {
        int i = action.word(1).equals("column") ? 2 : 1;
        if (action.wordsAt(i, "if", "not", "exists")) {
            i += 3;
        }
        Name column = Name.read(action, i);
        if (column == null) {
            return;
        }
        String type = action.word(column.end());
        if (SERIAL_TYPES.contains(type)) {
            findings.add(Finding.of(Rule.VOLATILE_DEFAULT, migration, line, "adds " + type + " column " + table + "."
                    + column.display() + ": nextval() fills every existing row, rewriting the table"));
            return;
        }
        int defaultAt = action.indexOfWord("default", column.end());
        if (defaultAt < 0) {
            boolean notNull = notNullAt(action, column.end()) || action.indexOfWord("primary", column.end()) >= 0;
            if (notNull && action.indexOfWord("generated", column.end()) < 0) {
                findings.add(Finding.of(Rule.ADD_COLUMN_NOT_NULL_WITHOUT_DEFAULT, migration, line, "adds column "
                        + table + "." + column.display() + " NOT NULL without a DEFAULT: fails with 'column contains"
                        + " null values' as soon as " + table + " holds a row"));
            }
            return;
        }
        List<SqlToken> tokens = action.tokens();
        int depth = 0;
        for (int k = defaultAt + 1; k < tokens.size(); k++) {
            SqlToken token = tokens.get(k);
            if (token.isPunctuation("(")) {
                depth++;
            } else if (token.isPunctuation(")")) {
                depth--;
            } else if (depth == 0 && token.kind() == SqlToken.Kind.WORD && COLUMN_CONSTRAINTS.contains(token.text())) {
                return;
            }
            boolean call = token.isIdentifier() && k + 1 < tokens.size() && tokens.get(k + 1).isPunctuation("(");
            if (call && catalog.isVolatileFunction(token.text())) {
                findings.add(Finding.of(Rule.VOLATILE_DEFAULT, migration, line, "adds column " + table + "."
                        + column.display() + " with the volatile default " + token.text()
                        + "(): every existing row is written, rewriting the table"));
                return;
            }
        }
    }

    /** Whether NOT NULL appears at parenthesis depth 0 from {@code from} on. */
    private static boolean notNullAt(SqlStatement action, int from) {
        for (int at = action.indexOfWord("not", from); at >= 0; at = action.indexOfWord("not", at + 1)) {
            if (action.word(at + 1).equals("null")) {
                return true;
            }
        }
        return false;
    }

    /**
     * UPDATE or DELETE of an existing table with no WHERE, or one that only tests IS [NOT] NULL: every row (the classic
     * {@code WHERE new_column IS NULL} backfill) in one statement. A comparison, IN, BETWEEN or ANY counts as a bound.
     */
    private static void backfill(String migration, SqlStatement statement, Catalog catalog, List<Finding> findings) {
        int at = statement.word(0).equals("update") ? 1 : 2;
        if (statement.word(at).equals("only")) {
            at++;
        }
        Name table = Name.read(statement, at);
        if (table == null || !catalog.existedBefore(table.regclass())) {
            return;
        }
        int where = statement.indexOfWord("where", table.end());
        if (where >= 0 && bounded(statement, where + 1)) {
            return;
        }
        String verb = statement.word(0).toUpperCase(java.util.Locale.ROOT);
        String what = verb + " of every " + (where < 0 ? "row" : "row matching IS [NOT] NULL") + " of " + table.display()
                + " in one statement";
        if (catalog.holdsAccessExclusive(table.regclass())) {
            findings.add(Finding.of(Rule.UNBATCHED_BACKFILL, migration, statement.line(), what + ", while the migration"
                    + " holds ACCESS EXCLUSIVE on it: reads and writes wait for the whole backfill")
                    .withSeverity(Severity.ERROR));
        } else {
            findings.add(Finding.of(Rule.UNBATCHED_BACKFILL, migration, statement.line(), what
                    + ": every row stays locked until the migration commits"));
        }
    }

    private static boolean bounded(SqlStatement statement, int from) {
        List<SqlToken> tokens = statement.tokens();
        int at = SqlStatement.firstAtDepthZero(tokens, from, token -> isWord(token, "returning")
                || token.isPunctuation("<") || token.isPunctuation(">") || token.isPunctuation("=")
                || (token.kind() == SqlToken.Kind.WORD && BOUNDS.contains(token.text())));
        return at >= 0 && !isWord(tokens.get(at), "returning");
    }

    private static boolean isWord(SqlToken token, String word) {
        return token.kind() == SqlToken.Kind.WORD && token.text().equals(word);
    }

    /**
     * The CREATE INDEX CONCURRENTLY IF NOT EXISTS of a migration that no earlier DROP INDEX ... IF EXISTS of the same
     * name precedes: after a failed build, the rerun skips the INVALID index it left.
     */
    public static List<Finding> concurrentlyIfNotExists(String migration, List<SqlStatement> all) {
        List<Finding> findings = new ArrayList<>();
        Set<String> dropped = new java.util.HashSet<>();
        for (SqlStatement statement : all) {
            if (statement.wordsAt(0, "drop", "index")) {
                int at = statement.word(2).equals("concurrently") ? 3 : 2;
                Name.list(statement, skipIfExists(statement, at)).forEach(n -> dropped.add(n.last()));
                continue;
            }
            int index = statement.word(1).equals("unique") ? 2 : 1;
            if (!statement.word(0).equals("create") || !statement.word(index).equals("index")
                    || !statement.word(index + 1).equals("concurrently")
                    || !statement.wordsAt(index + 2, "if", "not", "exists")) {
                continue;
            }
            Name name = Name.read(statement, index + 5);
            if (name != null && !dropped.contains(name.last())) {
                findings.add(Finding.of(Rule.CONCURRENTLY_IF_NOT_EXISTS, migration, statement.line(),
                        "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + name.display() + ": if a build fails, the rerun"
                                + " skips the INVALID index it left"));
            }
        }
        return findings;
    }

    /** ALTER TABLE's actions, split at the commas outside parentheses. */
    private static List<List<SqlToken>> splitActions(List<SqlToken> tokens) {
        List<List<SqlToken>> actions = new ArrayList<>();
        int start = 0;
        for (int comma = SqlStatement.firstAtDepthZero(tokens, 0, token -> token.isPunctuation(",")); comma >= 0;
             comma = SqlStatement.firstAtDepthZero(tokens, comma + 1, token -> token.isPunctuation(","))) {
            actions.add(tokens.subList(start, comma));
            start = comma + 1;
        }
        actions.add(tokens.subList(start, tokens.size()));
        return actions;
    }

    private static int skipIfExists(SqlStatement statement, int index) {
        return statement.wordsAt(index, "if", "exists") ? index + 2 : index;
    }

    private static String displayAt(SqlStatement statement, int index) {
        Name name = Name.read(statement, index);
        return name == null ? "?" : name.display();
    }

    /** A possibly schema-qualified name: its parts, and the token index after it. */
    record Name(List<SqlToken> parts, int end) {
        static Name read(SqlStatement statement, int index) {
            List<SqlToken> tokens = statement.tokens();
            if (index >= tokens.size() || !tokens.get(index).isIdentifier()) {
                return null;
            }
            List<SqlToken> parts = new ArrayList<>(List.of(tokens.get(index)));
            int i = index + 1;
            while (i + 1 < tokens.size() && tokens.get(i).isPunctuation(".") && tokens.get(i + 1).isIdentifier()) {
                parts.add(tokens.get(i + 1));
                i += 2;
            }
            return new Name(parts, i);
        }

        /** The comma-separated names from {@code index} on, as DROP TABLE a, b lists them. */
        static List<Name> list(SqlStatement statement, int index) {
            List<Name> names = new ArrayList<>();
            Name name = Name.read(statement, index);
            while (name != null) {
                names.add(name);
                int next = name.end();
                if (next < statement.tokens().size() && statement.tokens().get(next).isPunctuation(",")) {
                    name = Name.read(statement, next + 1);
                } else {
                    name = null;
                }
            }
            return names;
        }

        String regclass() {
            return String.join(".", parts.stream().map(SqlToken::asRegclassPart).toList());
        }

        String display() {
            return String.join(".", parts.stream().map(SqlToken::text).toList());
        }

        String last() {
            return parts.get(parts.size() - 1).text();
        }
    }
}

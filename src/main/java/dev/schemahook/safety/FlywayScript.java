package dev.schemahook.safety;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.resource.filesystem.FileSystemResource;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.postgresql.PostgreSQLParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Flyway's own split of one SQL migration: the line each statement starts on and whether Flyway lets it run in a
 * transaction. Flyway's callbacks hand the analysis each statement's text but not its line, and Flyway has no public
 * parser API, so this calls its internal PostgreSQL parser (the one {@code migrate} uses) on the same file.
 *
 * @param lines the line of each statement, from 1, in execution order
 * @param transactional for each statement, Flyway's {@code canExecuteInTransaction}
 */
record FlywayScript(List<Integer> lines, List<Boolean> transactional) {
    /**
     * Flyway's built-in placeholders (ParsingContext.populate). Their values here only have to exist: Flyway's migrate
     * replaced them with the real ones in the statements it executed; the split and the lines do not depend on them.
     */
    private static final List<String> BUILT_IN = List.of("defaultSchema", "schemas", "user", "database", "timestamp",
            "filename", "workingDirectory", "table", "environment");

    static FlywayScript parse(Configuration configuration, String path) {
        ParsingContext context = new ParsingContext();
        for (String name : BUILT_IN) {
            context.getPlaceholders().put("flyway" + configuration.getPlaceholderSeparator() + name, name);
        }
        List<Integer> lines = new ArrayList<>();
        List<Boolean> transactional = new ArrayList<>();
        FileSystemResource resource = new FileSystemResource(null, path, configuration.getEncoding(),
                configuration.isDetectEncoding());
        try (SqlStatementIterator statements = new PostgreSQLParser(configuration, context).parse(resource)) {
            while (statements.hasNext()) {
                SqlStatement statement = statements.next();
                lines.add(statement.getLineNumber());
                transactional.add(statement.canExecuteInTransaction());
            }
        }
        return new FlywayScript(List.copyOf(lines), List.copyOf(transactional));
    }

    /** The line of the statement at {@code index}; the last known line when Flyway ran more than it parsed here. */
    int line(int index) {
        return lines.isEmpty() ? 1 : lines.get(Math.min(index, lines.size() - 1));
    }

    boolean transactional(int index) {
        return index >= transactional.size() || transactional.get(index);
    }
}

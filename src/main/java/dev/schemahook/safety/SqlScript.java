package dev.schemahook.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A migration split into statements by a small tokenizer that knows PostgreSQL's lexical rules: line and nested block
 * comments, quoted identifiers, standard and escape strings, dollar quotes and {@code BEGIN ATOMIC} bodies. A
 * semicolon ends a statement only outside all of those. Also collects the {@code -- schemahook:allow} comments.
 *
 * @param statements the statements in file order
 * @param allowances the acknowledgements written in the file's comments
 */
public record SqlScript(List<SqlStatement> statements, List<Allowance> allowances) {
    private static final Pattern ALLOW = Pattern.compile("schemahook:allow\\s+([a-z0-9-]+)(?:\\s+(.*))?");

    /**
     * One {@code -- schemahook:allow <rule> <reason>} comment: acknowledges every finding of that rule in the file.
     *
     * @param rule the rule's id
     * @param reason why the finding is accepted; empty when the comment gave none (then it acknowledges nothing)
     * @param line where the comment is
     */
    public record Allowance(String rule, String reason, int line) {
    }

    public static SqlScript parse(String sql) {
        return new Parser(sql, 1, false).parse();
    }

    /**
     * One statement as Flyway split it and executes it, tokenized for the rules: semicolons inside it (a
     * {@code BEGIN ATOMIC} body, the closing delimiter) stay tokens. Flyway decides where statements end; this only
     * reads words, because Flyway's tokens are internal to its parser and not handed out.
     */
    public static SqlStatement statement(String sql, int line) {
        // Flyway keeps leading comments in the statement's text; its line is the first token's, and so is ours.
        SqlScript script = new Parser(sql, line, true).parse();
        return new SqlStatement(sql.strip(), line, script.statements().isEmpty() ? List.of()
                : script.statements().get(0).tokens());
    }

    /** The acknowledgement with a reason for {@code rule}, if the file has one. */
    public Allowance allowance(String rule) {
        return allowances.stream().filter(a -> a.rule().equals(rule) && !a.reason().isBlank()).findFirst().orElse(null);
    }

    private static final class Parser {
        private final String sql;
        private final List<SqlStatement> statements = new ArrayList<>();
        private final List<Allowance> allowances = new ArrayList<>();
        private List<SqlToken> tokens = new ArrayList<>();
        private int position;
        private final boolean whole;
        private int line;
        private int statementStart = -1;
        private int statementLine;
        /** Inside a BEGIN ATOMIC body: how many ENDs close it (CASE opens one more). */
        private int atomicDepth;

        Parser(String sql, int firstLine, boolean whole) {
            this.sql = sql;
            this.line = firstLine;
            this.whole = whole;
        }

        SqlScript parse() {
            while (position < sql.length()) {
                char c = sql.charAt(position);
                char next = position + 1 < sql.length() ? sql.charAt(position + 1) : '\0';
                if (c == '\n') {
                    line++;
                    position++;
                } else if (Character.isWhitespace(c)) {
                    position++;
                } else if (c == '-' && next == '-') {
                    lineComment();
                } else if (c == '/' && next == '*') {
                    blockComment();
                } else if (c == ';' && atomicDepth == 0 && !whole) {
                    endStatement(position);
                    position++;
                } else {
                    if (statementStart < 0) {
                        statementStart = position;
                        statementLine = line;
                    }
                    token(c, next);
                }
            }
            endStatement(sql.length());
            return new SqlScript(List.copyOf(statements), List.copyOf(allowances));
        }

        private void token(char c, char next) {
            int startLine = line;
            int start = position;
            if ((c == 'e' || c == 'E') && next == '\'') {
                position++;
                quoted('\'', true);
                add(SqlToken.Kind.STRING, sql.substring(start, position), startLine);
            } else if (c == '\'') {
                quoted('\'', false);
                add(SqlToken.Kind.STRING, sql.substring(start, position), startLine);
            } else if (c == '"') {
                quoted('"', false);
                String inner = sql.substring(start + 1, Math.max(start + 1, position - 1)).replace("\"\"", "\"");
                add(SqlToken.Kind.QUOTED_IDENTIFIER, inner, startLine);
            } else if (c == '$' && dollarTag() != null) {
                String tag = dollarTag();
                int end = sql.indexOf(tag, position + tag.length());
                end = end < 0 ? sql.length() : end + tag.length();
                countLines(position, end);
                position = end;
                add(SqlToken.Kind.STRING, sql.substring(start, end), startLine);
            } else if (Character.isLetter(c) || c == '_') {
                while (position < sql.length() && (Character.isLetterOrDigit(sql.charAt(position))
                        || sql.charAt(position) == '_' || sql.charAt(position) == '$')) {
                    position++;
                }
                String word = sql.substring(start, position).toLowerCase(java.util.Locale.ROOT);
                add(SqlToken.Kind.WORD, word, startLine);
                trackAtomicBody(word);
            } else if (Character.isDigit(c)) {
                while (position < sql.length() && (Character.isLetterOrDigit(sql.charAt(position)) || sql.charAt(position) == '.')) {
                    position++;
                }
                add(SqlToken.Kind.NUMBER, sql.substring(start, position), startLine);
            } else {
                position++;
                add(SqlToken.Kind.PUNCTUATION, String.valueOf(c), startLine);
            }
        }

        /** {@code BEGIN ATOMIC ... END} bodies of SQL functions hold semicolons that do not end the statement. */
        private void trackAtomicBody(String word) {
            int size = tokens.size();
            if (word.equals("atomic") && size >= 2 && tokens.get(size - 2).text().equals("begin")
                    && tokens.get(size - 2).kind() == SqlToken.Kind.WORD && size > 2) {
                atomicDepth = 1;
            } else if (atomicDepth > 0 && word.equals("case")) {
                atomicDepth++;
            } else if (atomicDepth > 0 && word.equals("end")) {
                atomicDepth--;
            }
        }

        /** The dollar-quote tag starting at the current position ({@code $$} or {@code $tag$}), or null. */
        private String dollarTag() {
            int i = position + 1;
            while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                i++;
            }
            if (i >= sql.length() || sql.charAt(i) != '$') {
                return null;
            }
            String tag = sql.substring(position, i + 1);
            return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
        }

        private void quoted(char quote, boolean backslashEscapes) {
            position++;
            while (position < sql.length()) {
                char c = sql.charAt(position);
                if (c == '\n') {
                    line++;
                }
                if (backslashEscapes && c == '\\') {
                    position += 2;
                    continue;
                }
                position++;
                if (c == quote) {
                    if (position < sql.length() && sql.charAt(position) == quote) {
                        position++;
                        continue;
                    }
                    return;
                }
            }
        }

        private void lineComment() {
            int end = sql.indexOf('\n', position);
            end = end < 0 ? sql.length() : end;
            allowance(sql.substring(position + 2, end));
            position = end;
        }

        private void blockComment() {
            int depth = 0;
            int start = position;
            int startLine = line;
            while (position < sql.length()) {
                if (sql.startsWith("/*", position)) {
                    depth++;
                    position += 2;
                } else if (sql.startsWith("*/", position)) {
                    depth--;
                    position += 2;
                    if (depth == 0) {
                        break;
                    }
                } else {
                    if (sql.charAt(position) == '\n') {
                        line++;
                    }
                    position++;
                }
            }
            int commentLine = line;
            line = startLine;
            for (String text : sql.substring(start + 2, Math.max(start + 2, position - 2)).split("\n", -1)) {
                allowance(text);
                line++;
            }
            line = commentLine;
        }

        private void allowance(String comment) {
            Matcher matcher = ALLOW.matcher(comment.trim());
            if (matcher.find() && comment.trim().startsWith("schemahook:allow")) {
                allowances.add(new Allowance(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2).trim(), line));
            }
        }

        private void countLines(int from, int to) {
            for (int i = from; i < to; i++) {
                if (sql.charAt(i) == '\n') {
                    line++;
                }
            }
        }

        private void add(SqlToken.Kind kind, String text, int tokenLine) {
            tokens.add(new SqlToken(kind, text, tokenLine));
        }

        private void endStatement(int end) {
            if (statementStart >= 0 && !tokens.isEmpty()) {
                statements.add(new SqlStatement(sql.substring(statementStart, end).strip(), statementLine, List.copyOf(tokens)));
            }
            tokens = new ArrayList<>();
            statementStart = -1;
            atomicDepth = 0;
        }
    }
}

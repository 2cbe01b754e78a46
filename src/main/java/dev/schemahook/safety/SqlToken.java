package dev.schemahook.safety;

/**
 * One token of a migration's SQL.
 *
 * @param kind what the token is
 * @param text a plain word lower-cased; a quoted identifier without its quotes, case kept; anything else as written
 * @param line the line it starts on, from 1
 */
public record SqlToken(Kind kind, String text, int line) {

    /** The kinds of token the analysis tells apart. */
    public enum Kind {
        /** A keyword or an unquoted identifier. */
        WORD,
        /** A "quoted identifier". */
        QUOTED_IDENTIFIER,
        /** A 'string', E'string' or $$dollar-quoted$$ string. */
        STRING,
        /** A number. */
        NUMBER,
        /** Any other character: parentheses, commas, dots, operators. */
        PUNCTUATION
    }

    public boolean isPunctuation(String symbol) {
        return kind == Kind.PUNCTUATION && text.equals(symbol);
    }

    public boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }

    /** The identifier as PostgreSQL's to_regclass() reads it: quoted identifiers quoted again. */
    public String asRegclassPart() {
        return kind == Kind.QUOTED_IDENTIFIER ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}

package dev.schemahook.safety;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the migration tokenizer")
class SqlScriptTest {
    @Test
    @DisplayName("ends statements only at semicolons outside comments, strings, quoted names and dollar quotes")
    void splitsStatements() {
        SqlScript script = SqlScript.parse("""
                -- a comment; not a statement
                CREATE TABLE "odd;name" (v text DEFAULT 'a;b');
                /* block /* nested; */ still comment; */
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                INSERT INTO t VALUES (E'it\\'s; here');
                CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;
                SELECT $1""");

        assertThat(script.statements()).extracting(SqlStatement::line).containsExactly(2, 4, 5, 6, 7);
        assertThat(script.statements().get(0).tokens().get(2).text()).isEqualTo("odd;name");
        assertThat(script.statements().get(1).text()).endsWith("LANGUAGE sql");
        assertThat(script.statements().get(3).text()).endsWith("END; END");
    }

    @Test
    @DisplayName("reads '-- schemahook:allow <rule> <reason>' and ignores one without a reason")
    void readsAllowances() {
        SqlScript script = SqlScript.parse("""
                -- schemahook:allow drop-column the previous release no longer reads it
                -- schemahook:allow rename-table
                ALTER TABLE t DROP COLUMN c;
                """);

        assertThat(script.allowance("drop-column").reason()).isEqualTo("the previous release no longer reads it");
        assertThat(script.allowance("drop-column").line()).isEqualTo(1);
        assertThat(script.allowance("rename-table")).isNull();
        assertThat(script.statements()).hasSize(1);
    }

    @Test
    @DisplayName("reads a statement as Flyway split it whole: its semicolons stay tokens, its line is Flyway's")
    void readsOneStatementWhole() {
        SqlStatement statement = SqlScript.statement("""
                -- a leading comment Flyway keeps
                CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;""", 2);

        assertThat(statement.line()).isEqualTo(2);
        assertThat(statement.wordsAt(0, "create", "function")).isTrue();
        assertThat(statement.tokens()).filteredOn(t -> t.isPunctuation(";")).hasSize(3);
        assertThat(statement.hasWord("end")).isTrue();
    }
}

package io.gleitzeit.services.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParsedQueryTest {

    @Test
    void namedMarkersBecomeQuestionMarksInOrderRepeatsIncluded() {
        ParsedQuery q = ParsedQuery.parse("SELECT * FROM t WHERE a = :a AND (b = :b OR b = :a)");

        assertThat(q.jdbcSql()).isEqualTo("SELECT * FROM t WHERE a = ? AND (b = ? OR b = ?)");
        assertThat(q.names()).containsExactly("a", "b", "a");
        assertThat(q.positional()).isZero();
    }

    @Test
    void castsLiteralsIdentifiersCommentsAndDollarQuotesAreLeftAlone() {
        String sql = "SELECT :x::int, ':no', E'\\':no', \":no\", $$ :no ? $$, $f$ :no $f$ -- :no ?\n"
                + "/* :no /* ? */ */ FROM t";

        ParsedQuery q = ParsedQuery.parse(sql);

        assertThat(q.names()).containsExactly("x");
        assertThat(q.jdbcSql()).startsWith("SELECT ?::int, ':no'");
    }

    @Test
    void positionalMarkersAreCounted() {
        assertThat(ParsedQuery.parse("SELECT ? + ?").positional()).isEqualTo(2);
    }

    @Test
    void aTrailingSemicolonIsFineButASecondStatementIsNot() {
        assertThat(ParsedQuery.parse("SELECT 1; -- done\n").jdbcSql()).isEqualTo("SELECT 1");
        assertThatThrownBy(() -> ParsedQuery.parse("SELECT 1; DROP TABLE t"))
                .hasMessage("holds more than one statement; a task runs exactly one");
        assertThat(ParsedQuery.parse("SELECT ';DROP TABLE t'").jdbcSql()).isEqualTo("SELECT ';DROP TABLE t'");
    }

    @Test
    void mixingKindsAndUnclosedTextAreRefused() {
        assertThatThrownBy(() -> ParsedQuery.parse("SELECT :a, ?")).hasMessageContaining("mixes named");
        assertThatThrownBy(() -> ParsedQuery.parse("SELECT 'open")).hasMessageContaining("string literal");
        assertThatThrownBy(() -> ParsedQuery.parse("SELECT $$ open")).hasMessageContaining("dollar-quoted");
        assertThatThrownBy(() -> ParsedQuery.parse("  ; ")).hasMessage("holds no statement");
    }
}

package dev.schemahook.drift;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("drift's ignore patterns")
class IgnorePatternsMatchTest {
    private final IgnorePatterns patterns = new IgnorePatterns(List.of("index public.hotfix_*", " public.audit ", "", "public.t?p"));

    @Test
    @DisplayName("match an object by its id or its name, and what belongs to a matched table")
    void matches() {
        assertThat(patterns.matches("index public.hotfix_title", Map.of())).isTrue();
        assertThat(patterns.matches("table public.audit", Map.of())).isTrue();
        assertThat(patterns.matches("column public.audit.id", Map.of("on", "table public.audit"))).isTrue();
        assertThat(patterns.matches("index public.audit_id_idx", Map.of("on", "table public.audit"))).isTrue();
        assertThat(patterns.matches("table public.tmp", Map.of())).isTrue();
        assertThat(patterns.globs()).containsExactly("index public.hotfix_*", "public.audit", "public.t?p");
    }

    @Test
    @DisplayName("leave everything else, and treat regular-expression characters literally")
    void leavesOthers() {
        assertThat(patterns.matches("table public.hotfix_title", Map.of())).isFalse();
        assertThat(patterns.matches("table public.audit_log", Map.of())).isFalse();
        assertThat(patterns.matches("column public.auditx.id", Map.of("on", "table public.auditx"))).isFalse();
        assertThat(patterns.matches("table public.temp", Map.of())).isFalse();
        assertThat(new IgnorePatterns(List.of("public.a.b")).matches("table public.aXb", Map.of())).isFalse();
        assertThat(IgnorePatterns.none().matches("table public.t", Map.of())).isFalse();
    }
}

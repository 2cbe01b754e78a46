package dev.schemahook.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("durations as users write them")
class DurationsTest {
    @Test
    @DisplayName("reads seconds, minutes, hours, milliseconds, combinations, bare seconds and ISO-8601")
    void parses() {
        assertThat(Durations.parse("120s")).isEqualTo(Duration.ofSeconds(120));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse(" 10S ")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("refuses anything else with a message that shows the accepted forms")
    void refuses() {
        for (String bad : new String[] {"soon", "5 minutes", "10x", "s", "-5s", "PTx", "1m30"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("write it as 120s, 2m, 1h, 500ms or PT2M");
        }
    }

    @Test
    @DisplayName("refuses a duration longer than 100 years, however it is written, instead of overflowing later")
    void refusesTooLong() {
        assertThat(Durations.parse("36500d")).isEqualTo(Duration.ofDays(36_500));
        for (String bad : new String[] {"36501d", "99999999999h", "99999999999999999999", "99999999999999999999d",
                "PT99999999999H", "106751991167300d1d"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is longer than the longest duration taken, 36500d");
        }
    }

    @Test
    @DisplayName("prints the shortest form")
    void formats() {
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}

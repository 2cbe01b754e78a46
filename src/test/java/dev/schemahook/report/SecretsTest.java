package dev.schemahook.report;

import dev.schemahook.error.Secrets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("keeping secrets out of the output")
class SecretsTest {
    @Test
    @DisplayName("masks the password of any URL and any password= parameter, even unregistered ones")
    void masksUrlPasswords() {
        assertThat(Secrets.redact("cannot reach postgresql://app:hunter2@db:5432/x"))
                .isEqualTo("cannot reach postgresql://app:****@db:5432/x");
        assertThat(Secrets.redact("jdbc:postgresql://db/x?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/x?user=a&password=****&ssl=true");
    }

    @Test
    @DisplayName("masks a registered password wherever it appears")
    void masksRegistered() {
        Secrets.register("correct-horse-battery");

        assertThat(Secrets.redact("role said correct-horse-battery twice: correct-horse-battery"))
                .isEqualTo("role said **** twice: ****");
    }

    @Test
    @DisplayName("cuts the termination message to Kubernetes' 4096 bytes, even in multi-byte text")
    void truncatesTerminationMessage() {
        String long_ = "é".repeat(5000);

        byte[] bytes = TerminationMessage.truncate(long_);

        assertThat(bytes.length).isLessThanOrEqualTo(4096);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).endsWith("...");
        assertThat(TerminationMessage.truncate("short")).isEqualTo("short".getBytes(StandardCharsets.UTF_8));
    }
}

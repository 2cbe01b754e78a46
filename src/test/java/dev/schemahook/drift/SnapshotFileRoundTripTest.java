package dev.schemahook.drift;

import dev.schemahook.error.SchemahookException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("the snapshot file")
class SnapshotFileRoundTripTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("reads back what it wrote, and writes it again byte for byte, whatever the names hold")
    void roundTrip() {
        TreeMap<String, java.util.SortedMap<String, String>> objects = new TreeMap<>();
        objects.put("view public.\"odd \"\"name\"\"\"", new TreeMap<>(Map.of("definition", " SELECT 1 AS \"a\\b\";\n\tx ü")));
        objects.put("table public.t", new TreeMap<>());
        objects.put("column public.t.c", new TreeMap<>(Map.of("type", "text", "on", "table public.t")));
        SchemaSnapshot snapshot = new SchemaSnapshot("1.2", List.of("public", "app"), objects);
        Path file = temp.resolve("s.json");

        SnapshotFile.write(snapshot, file);
        SchemaSnapshot read = SnapshotFile.read(file);

        assertThat(read).isEqualTo(snapshot);
        assertThat(SnapshotFile.render(read)).isEqualTo(SnapshotFile.render(snapshot));
        assertThat(SnapshotFile.render(snapshot)).startsWith("{\n  \"format\": 1,\n  \"schemaVersion\": \"1.2\",\n")
                .contains("    \"column public.t.c\": {\n      \"on\": \"table public.t\",\n      \"type\": \"text\"\n    },")
                .contains("\"table public.t\": {}").endsWith("  }\n}\n");
    }

    @Test
    @DisplayName("refuses a file of another format, naming the field, with exit 2")
    void refusesOtherFormat() throws IOException {
        Path file = Files.writeString(temp.resolve("s.json"), "{\"format\": 2, \"schemaVersion\": \"1\", \"schemas\": [\"public\"],"
                + " \"objects\": {}}");

        assertThatThrownBy(() -> SnapshotFile.read(file)).isInstanceOf(SchemahookException.class)
                .hasMessageContaining("\"format\" must be 1, found 2")
                .satisfies(e -> assertThat(((SchemahookException) e).exitCode().code()).isEqualTo(2));
    }

    @Test
    @DisplayName("refuses an attribute that is not text, naming the object")
    void refusesNonTextAttribute() throws IOException {
        Path file = Files.writeString(temp.resolve("s.json"), "{\"format\": 1, \"schemaVersion\": \"1\", \"schemas\": [\"public\"],"
                + " \"objects\": {\"table public.t\": {\"rowSecurity\": true}}}");

        assertThatThrownBy(() -> SnapshotFile.read(file)).isInstanceOf(SchemahookException.class)
                .hasMessageContaining("\"table public.t\".rowSecurity a string");
    }
}

package dev.schemahook.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * "Exactly one JSON document": what {@code --output json} promises on stdout and {@code --log-format json} on each
 * stderr line. Jackson's plain readTree stops after the first value and ignores the rest, so a second document or a
 * stray log line after it would pass unnoticed; here nothing but whitespace may follow.
 */
public final class JsonDocument {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonDocument() {
    }

    /** The one document in {@code text}; fails the test when there is none, or anything but whitespace after it. */
    public static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new AssertionError("expected exactly one JSON document, got nothing");
        }
        try {
            JsonNode node = STRICT.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new AssertionError("expected exactly one JSON document, got:\n" + text);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError("expected exactly one JSON document and nothing after it but whitespace: "
                    + e.getOriginalMessage() + "\n--- text\n" + text, e);
        }
    }
}

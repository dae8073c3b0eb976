package io.gleitzeit.payload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The size of a JSON value as Gleitzeit writes it (compact, UTF-8, non-ASCII unescaped), counted without writing it.
 * Exact for strings, containers, booleans and null; numbers count as their text.
 */
public final class JsonSize {
    private JsonSize() {
    }

    /** Bytes of {@code node}'s compact JSON encoding. */
    public static long of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return 4;
        }
        if (node.isTextual()) {
            return ofString(node.asText());
        }
        if (node.isArray()) {
            long size = 2 + Math.max(0, node.size() - 1);
            for (JsonNode element : node) {
                size += of(element);
            }
            return size;
        }
        if (node.isObject()) {
            long size = 2 + Math.max(0, node.size() - 1);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                size += ofString(field.getKey()) + 1 + of(field.getValue());
            }
            return size;
        }
        return node.asText().length();
    }

    /** Bytes of a string's JSON encoding, quotes and escapes included. */
    public static long ofString(String text) {
        long size = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
                size += 2;
            } else if (c < 0x20) {
                size += 6;
            } else if (c < 0x80) {
                size += 1;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                size += 4;
                i++;
            } else {
                size += 3;
            }
        }
        return size;
    }
}

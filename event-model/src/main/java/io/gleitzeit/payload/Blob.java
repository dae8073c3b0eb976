package io.gleitzeit.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A stored payload: its reference and its content. A JSON string is stored as its bare text ({@link BlobRef#TEXT}),
 * so that a large text reads as itself in Redis and in exports; any other value as compact JSON.
 *
 * @param ref     the reference (the content's hash, size and type)
 * @param content the content
 */
public record Blob(BlobRef ref, String content) {
    public Blob {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(content, "content");
    }

    /** The blob of {@code value}. */
    public static Blob of(JsonNode value, ObjectMapper mapper) {
        Objects.requireNonNull(value, "value");
        if (value.isTextual()) {
            return of(value.asText(), BlobRef.TEXT);
        }
        try {
            return of(mapper.writeValueAsString(value), BlobRef.JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode a payload: " + e.getOriginalMessage(), e);
        }
    }

    /** The blob of a text. */
    public static Blob ofText(String text) {
        return of(text, BlobRef.TEXT);
    }

    private static Blob of(String content, String contentType) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Blob(new BlobRef(sha256(bytes), bytes.length, contentType), content);
    }

    /** The value the content stands for. */
    public JsonNode value(ObjectMapper mapper) {
        if (BlobRef.TEXT.equals(ref.contentType())) {
            return TextNode.valueOf(content);
        }
        try {
            return mapper.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("blob " + ref.uri() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

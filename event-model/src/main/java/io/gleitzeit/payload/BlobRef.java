package io.gleitzeit.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to a payload stored out of the event streams. Its JSON form stands where the value would stand:
 * {@code {"$ref": "blob:sha256:<64 hex>", "size": <bytes>, "content_type": "application/json"}}. Only an object with
 * exactly these three fields, well formed, is a reference; anything else is data.
 *
 * @param sha256      the SHA-256 of the content's UTF-8 bytes, lower-case hex
 * @param size        the content's length in bytes
 * @param contentType {@link #JSON} (any JSON value) or {@link #TEXT} (a JSON string stored as its bare text)
 */
public record BlobRef(String sha256, long size, String contentType) {
    /** The content is a JSON document. */
    public static final String JSON = "application/json";
    /** The content is the text of a JSON string, without quotes or escapes. */
    public static final String TEXT = "text/plain; charset=utf-8";
    /** The field that marks a reference. */
    public static final String REF_FIELD = "$ref";
    private static final String SCHEME = "blob:sha256:";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public BlobRef {
        Objects.requireNonNull(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        if (!JSON.equals(contentType) && !TEXT.equals(contentType)) {
            throw new IllegalArgumentException("content_type must be " + JSON + " or " + TEXT + ", was "
                    + contentType);
        }
    }

    /** {@code blob:sha256:<hex>}. */
    public String uri() {
        return SCHEME + sha256;
    }

    /** The JSON form that stands in for the value. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(REF_FIELD, uri());
        node.put("size", size);
        node.put("content_type", contentType);
        return node;
    }

    /** The reference {@code node} is, or empty when it is data. */
    public static Optional<BlobRef> from(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 3) {
            return Optional.empty();
        }
        JsonNode ref = node.get(REF_FIELD);
        JsonNode size = node.get("size");
        JsonNode type = node.get("content_type");
        if (ref == null || !ref.isTextual() || size == null || !size.canConvertToLong() || !size.isIntegralNumber()
                || type == null || !type.isTextual()) {
            return Optional.empty();
        }
        String uri = ref.asText();
        if (!uri.startsWith(SCHEME) || !SHA256.matcher(uri.substring(SCHEME.length())).matches()
                || size.asLong() < 0 || !(JSON.equals(type.asText()) || TEXT.equals(type.asText()))) {
            return Optional.empty();
        }
        return Optional.of(new BlobRef(uri.substring(SCHEME.length()), size.asLong(), type.asText()));
    }
}

package io.gleitzeit.services.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * A response body as it goes into a task's result: parsed JSON when the content type says JSON, text for textual
 * types, base64 for anything else. Read with a size limit, so a huge response cannot exhaust the service.
 *
 * @param value    the body ({@code null} when empty)
 * @param encoding {@code json}, {@code text} or {@code base64}
 */
record ResponseBody(JsonNode value, String encoding) {
    static final String JSON = "json";
    static final String TEXT = "text";
    static final String BASE64 = "base64";

    /** Reads at most {@code maxBytes}; more fails the task with {@code response_too_large} (not retryable). */
    static byte[] read(InputStream in, long maxBytes, String what) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw TaskFailedException.nonRetryable("response_too_large",
                        "the response of " + what + " is larger than the service's limit of " + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    static ResponseBody decode(byte[] bytes, Optional<String> contentType, ObjectMapper mapper, String what) {
        if (bytes.length == 0) {
            return new ResponseBody(JsonNodeFactory.instance.nullNode(), TEXT);
        }
        String media = contentType.map(ResponseBody::mediaType).orElse("");
        Charset charset = contentType.flatMap(ResponseBody::charset).orElse(StandardCharsets.UTF_8);
        if (isJson(media)) {
            try {
                return new ResponseBody(mapper.readTree(new String(bytes, charset)), JSON);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw TaskFailedException.nonRetryable("invalid_response", "the response of " + what
                        + " says " + media + " but its body is not JSON: " + e.getOriginalMessage());
            }
        }
        if (isText(media)) {
            return new ResponseBody(JsonNodeFactory.instance.textNode(new String(bytes, charset)), TEXT);
        }
        return new ResponseBody(JsonNodeFactory.instance.textNode(Base64.getEncoder().encodeToString(bytes)), BASE64);
    }

    private static boolean isJson(String media) {
        return media.equals("application/json") || media.endsWith("+json");
    }

    /** Text when declared so; an undeclared type is taken as text too, as most APIs that omit it send text. */
    private static boolean isText(String media) {
        return media.isEmpty() || media.startsWith("text/") || media.equals("application/xml") || media.endsWith("+xml")
                || media.equals("application/javascript") || media.equals("application/x-www-form-urlencoded");
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static Optional<Charset> charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).replace("\"", "").trim();
                try {
                    return Optional.of(Charset.forName(name));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}

package io.gleitzeit.services.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP task's request, read from its parameters ({@code url, method, headers, query, body, fail_on_status}) after
 * the hub resolved its {@code {{…}}} references. Every problem is reported at once, by field, as a non-retryable
 * {@code invalid_argument} failure.
 *
 * @param method       upper-case, {@code GET} by default
 * @param uri          the URL with the {@code query} fields appended
 * @param headers      as given, in order
 * @param body         {@code null} for none; text is sent as is, any other JSON value as JSON
 * @param failOnStatus whether a status of 400 or more fails the task ({@code true} by default)
 */
record HttpRequestSpec(String method, URI uri, Map<String, String> headers, JsonNode body, boolean failOnStatus) {
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    HttpRequestSpec {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Reads the parameters; throws a non-retryable {@code invalid_argument} failure listing every problem. */
    static HttpRequestSpec from(JsonNode parameters) {
        List<String> problems = new ArrayList<>();
        String method = method(parameters.get("method"), problems);
        Map<String, String> headers = headers(parameters.get("headers"), problems);
        String query = query(parameters.get("query"), problems);
        URI uri = uri(parameters.get("url"), query, problems);
        JsonNode failOnStatus = parameters.get("fail_on_status");
        if (failOnStatus != null && !failOnStatus.isNull() && !failOnStatus.isBoolean()) {
            problems.add("fail_on_status: must be true or false, was " + failOnStatus);
        }
        JsonNode body = parameters.get("body");
        if (body != null && body.isNull()) {
            body = null;
        }
        if (body != null && ("GET".equals(method) || "HEAD".equals(method))) {
            problems.add("body: a " + method + " request cannot have a body");
        }
        if (!problems.isEmpty()) {
            throw TaskFailedException.nonRetryable(TaskFault.INVALID_ARGUMENT,
                    "invalid http task: " + String.join("; ", problems));
        }
        return new HttpRequestSpec(method, uri, headers, body, failOnStatus == null || failOnStatus.isNull()
                || failOnStatus.booleanValue());
    }

    private static String method(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return "GET";
        }
        String upper = node.isTextual() ? node.textValue().toUpperCase(Locale.ROOT) : null;
        if (upper == null || !METHODS.contains(upper)) {
            problems.add("method: must be one of " + String.join(", ", METHODS) + ", was " + node);
            return "GET";
        }
        return upper;
    }

    private static Map<String, String> headers(JsonNode node, List<String> problems) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            problems.add("headers: must be an object of strings, was " + node.getNodeType().name().toLowerCase(
                    Locale.ROOT));
            return headers;
        }
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            String name = header.getKey();
            JsonNode value = header.getValue();
            if (!isToken(name)) {
                problems.add("headers." + name + ": is not a valid header name");
            } else if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                problems.add("headers." + name + ": is set by the service and cannot be given");
            } else if (!value.isTextual()) {
                problems.add("headers." + name + ": must be a string, was " + value);
            } else if (value.textValue().indexOf('\r') >= 0 || value.textValue().indexOf('\n') >= 0) {
                problems.add("headers." + name + ": must not contain line breaks");
            } else {
                headers.put(name, value.textValue());
            }
        }
        return headers;
    }

    /** The encoded query string of the {@code query} object, or {@code ""}. */
    private static String query(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isObject()) {
            problems.add("query: must be an object, was " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return "";
        }
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            List<JsonNode> values = value.isArray() ? toList(value) : List.of(value);
            for (JsonNode v : values) {
                if (v.isNull()) {
                    continue;
                }
                if (!v.isValueNode()) {
                    problems.add("query." + field.getKey() + ": must be a string, number, boolean or an array of"
                            + " them, was " + v);
                    continue;
                }
                if (query.length() > 0) {
                    query.append('&');
                }
                query.append(encode(field.getKey())).append('=').append(encode(v.asText()));
            }
        }
        return query.toString();
    }

    private static URI uri(JsonNode node, String query, List<String> problems) {
        if (node == null || node.isNull() || !node.isTextual() || node.textValue().isBlank()) {
            problems.add("url: is required: an absolute http or https URL");
            return null;
        }
        String text = node.textValue().trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            problems.add("url: is not a valid URL (" + e.getReason() + "): " + text);
            return null;
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            problems.add("url: must be an absolute http or https URL with a host, was " + text);
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("url: must not carry credentials; send them in a header");
            return null;
        }
        if (query.isEmpty()) {
            return uri;
        }
        String withoutFragment = uri.getRawFragment() == null ? text : text.substring(0, text.indexOf('#'));
        String separator = uri.getRawQuery() == null ? "?" : "&";
        return URI.create(withoutFragment + separator + query);
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>(array.size());
        array.forEach(list::add);
        return list;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An RFC 9110 token: the characters a header name may have. */
    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The fields each task type requires or allows (PROTOCOL.md, "Workflow document"). A string that is exactly one
 * {@code {{Task.result}}} is accepted in any of these fields: it keeps its result's JSON type, known only at dispatch.
 */
final class TypeRules {
    static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Pattern FUNCTION_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private final DocumentLimits limits;

    TypeRules(DocumentLimits limits) {
        this.limits = limits;
    }

    /**
     * Checks the type-specific fields of one task.
     *
     * @param fields     the task object, read with {@link FieldReader.References#RESOLVED_AT_DISPATCH}
     * @param parameters the task's parameters, where normalised values (the HTTP method) are written
     */
    void check(TaskType type, FieldReader fields, ObjectNode parameters) {
        switch (type) {
            case TEXT -> llm(fields, "text");
            case VISION -> {
                llm(fields, "vision");
                fields.requiredText("image", "is required for vision tasks (base64 data or a URL)");
            }
            case FUNCTION -> function(fields);
            case HTTP -> http(fields, parameters);
            case SQL -> sql(fields);
            case EXTERNAL -> {
                fields.requiredText("task_type", "is required for external tasks (it names the handler)");
                fields.object("parameters");
            }
            default -> throw new IllegalStateException("no rules for task type " + type);
        }
    }

    private void llm(FieldReader fields, String typeName) {
        fields.requiredText("prompt", "is required for " + typeName + " tasks");
        fields.optionalText("model");
        fields.choice("provider", p -> limits.allowsProvider(p) ? p : null, limits.allowedProviders());
        fields.number("temperature", 0, 2);
        fields.integer("max_tokens", 1, Integer.MAX_VALUE);
        fields.optionalString("system");
    }

    private static void function(FieldReader fields) {
        String name = fields.requiredText("function", "is required for python and function tasks");
        if (name != null && !fields.isExactReference(name) && !FUNCTION_NAME.matcher(name).matches()) {
            fields.report("function", "must be a function name: identifiers joined by dots, like 'reports.create',"
                    + " was " + JsonKind.quote(name));
        }
        fields.array("args");
        fields.object("kwargs");
    }

    private static void http(FieldReader fields, ObjectNode parameters) {
        String url = fields.requiredText("url", "is required for http tasks");
        // A URL built from a result can only be checked once the result is known.
        if (url != null && !fields.holdsReference(url) && !isHttpUrl(url)) {
            fields.report("url", "must be an absolute http or https URL, was " + JsonKind.quote(url));
        }
        String method = fields.choice("method", TypeRules::httpMethod, HTTP_METHODS);
        if (method != null) {
            parameters.put("method", method);
        }
        // GET is the default; a method from a result is only known at dispatch, where the service checks it.
        String effectiveMethod = method != null ? method : fields.isGiven("method") ? null : "GET";
        if (fields.isGiven("body") && ("GET".equals(effectiveMethod) || "HEAD".equals(effectiveMethod))) {
            fields.report("body", "a " + effectiveMethod + " request cannot have a body; give a method such as POST");
        }
        ObjectNode headers = fields.object("headers");
        if (headers != null) {
            for (Map.Entry<String, JsonNode> header : headers.properties()) {
                if (!header.getValue().isTextual()) {
                    fields.child("headers", headers).report(header.getKey(),
                            "must be a string, was " + JsonKind.describe(header.getValue()));
                }
            }
        }
        fields.object("query");
        fields.requireKind("fail_on_status", JsonNode::isBoolean, "true or false");
    }

    private static void sql(FieldReader fields) {
        String query = fields.requiredText("query", "is required for sql tasks");
        // Parameterized queries only: a result spliced into SQL text could change the statement.
        if (query != null && fields.holdsReference(query)) {
            fields.report("query", "must not contain {{...}} references: pass values in params, which are bound as"
                    + " parameters (:name or ?)");
        }
        fields.requireKind("params", v -> v.isArray() || v.isObject(), "an array or an object");
        fields.optionalText("datasource");
        fields.integer("max_rows", 1, Integer.MAX_VALUE);
    }

    private static String httpMethod(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        return HTTP_METHODS.contains(upper) ? upper : null;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return uri.isAbsolute()
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

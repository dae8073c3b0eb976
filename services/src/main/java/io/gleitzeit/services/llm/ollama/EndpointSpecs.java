package io.gleitzeit.services.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads endpoint definitions from the three places they come from, each error naming where:
 * <ul>
 *   <li>a flag: {@code gpu1=http://host:11434,gpu=RTX 4090,priority=2,max_concurrent=2,models=llama3|llava,tags=fast}
 *       (options after the URL separated by commas, lists by {@code |});</li>
 *   <li>the environment variable {@value #ENVIRONMENT_VARIABLE}: flag specs separated by whitespace;</li>
 *   <li>a JSON file: {@code {"endpoints": [{"name", "url", "gpu", "priority", "max_concurrent", "models": [],
 *       "tags": []}]}}.</li>
 * </ul>
 */
public final class EndpointSpecs {
    public static final String ENVIRONMENT_VARIABLE = "GLEITZEIT_OLLAMA_ENDPOINTS";
    private static final List<String> FILE_FIELDS = List.of("name", "url", "gpu", "priority", "max_concurrent",
            "models", "tags");

    private EndpointSpecs() {
    }

    /** One flag value. */
    public static OllamaEndpointConfig parseFlag(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--endpoint must be name=url[,option=value…], was empty");
        }
        String[] parts = spec.trim().split(",");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--endpoint '" + spec + "' must start with name=url");
        }
        String name = parts[0].substring(0, eq).trim();
        String url = parts[0].substring(eq + 1).trim();
        String gpu = null;
        int priority = OllamaEndpointConfig.DEFAULT_PRIORITY;
        int maxConcurrent = OllamaEndpointConfig.DEFAULT_MAX_CONCURRENT;
        List<String> models = List.of();
        List<String> tags = List.of();
        for (int i = 1; i < parts.length; i++) {
            int at = parts[i].indexOf('=');
            if (at <= 0) {
                throw new IllegalArgumentException("--endpoint " + name + ": '" + parts[i]
                        + "' must be option=value");
            }
            String key = parts[i].substring(0, at).trim();
            String value = parts[i].substring(at + 1).trim();
            switch (key) {
                case "gpu" -> gpu = value;
                case "priority" -> priority = integer(value, "--endpoint " + name + " priority");
                case "max_concurrent" -> maxConcurrent = integer(value, "--endpoint " + name + " max_concurrent");
                case "models" -> models = list(value);
                case "tags" -> tags = list(value);
                default -> throw new IllegalArgumentException("--endpoint " + name + ": unknown option '" + key
                        + "' (known: gpu, priority, max_concurrent, models, tags)");
            }
        }
        try {
            return new OllamaEndpointConfig(name, OllamaEndpointConfig.parseUrl(url, "url"), gpu, priority,
                    maxConcurrent, models, tags);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--endpoint " + name + ": " + e.getMessage(), e);
        }
    }

    /** The value of {@value #ENVIRONMENT_VARIABLE} (blank: none). */
    public static List<OllamaEndpointConfig> parseEnvironment(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<OllamaEndpointConfig> endpoints = new ArrayList<>();
        for (String spec : value.trim().split("\\s+")) {
            try {
                endpoints.add(parseFlag(spec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + ": " + e.getMessage(), e);
            }
        }
        return unique(endpoints, ENVIRONMENT_VARIABLE);
    }

    /** A JSON endpoints file. */
    public static List<OllamaEndpointConfig> readFile(Path file, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read endpoints: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("endpoints");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(file + ": $.endpoints must be an array");
        }
        List<OllamaEndpointConfig> endpoints = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            endpoints.add(fromJson(list.get(i), file + ": $.endpoints[" + i + "]"));
        }
        return unique(endpoints, file.toString());
    }

    private static OllamaEndpointConfig fromJson(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + " must be an object");
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!FILE_FIELDS.contains(field)) {
                throw new IllegalArgumentException(path + "." + field + " is not a known field (known: "
                        + FILE_FIELDS + ")");
            }
        });
        String name = text(node, "name", path, true);
        String url = text(node, "url", path, true);
        try {
            return new OllamaEndpointConfig(name, OllamaEndpointConfig.parseUrl(url, "url"), text(node, "gpu", path,
                    false), integer(node, "priority", path, OllamaEndpointConfig.DEFAULT_PRIORITY),
                    integer(node, "max_concurrent", path, OllamaEndpointConfig.DEFAULT_MAX_CONCURRENT),
                    strings(node, "models", path), strings(node, "tags", path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /** The endpoints with distinct names; a repeated name is an error naming the source. */
    public static List<OllamaEndpointConfig> unique(List<OllamaEndpointConfig> endpoints, String source) {
        Set<String> names = new HashSet<>();
        for (OllamaEndpointConfig e : endpoints) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException(source + ": endpoint name '" + e.name() + "' is used twice");
            }
        }
        return List.copyOf(endpoints);
    }

    private static String text(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(path + "." + field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(path + "." + field + " must be a string");
        }
        return value.textValue();
    }

    private static int integer(JsonNode node, String field, String path, int fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(path + "." + field + " must be an integer");
        }
        return value.intValue();
    }

    private static List<String> strings(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(path + "." + field + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual() || value.get(i).textValue().isBlank()) {
                throw new IllegalArgumentException(path + "." + field + "[" + i + "] must be a non-blank string");
            }
            strings.add(value.get(i).textValue());
        }
        return strings;
    }

    private static int integer(String value, String what) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be an integer, was '" + value + "'", e);
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

package io.gleitzeit.services.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data sources from an operator's JSON file, so that URLs and credentials stay out of workflows and command lines:
 *
 * <pre>{@code
 * {
 *   "default": "reports",
 *   "datasources": {
 *     "reports": {"url": "jdbc:postgresql://db:5432/reports", "username": "reader",
 *                 "password_env": "REPORTS_DB_PASSWORD", "read_only": true, "max_pool_size": 4},
 *     "orders":  {"url": "jdbc:postgresql://db:5432/orders", "username": "app",
 *                 "password_file": "/run/secrets/orders-db"}
 *   }
 * }
 * }</pre>
 *
 * A password is given by exactly one of {@code password}, {@code password_env} (an environment variable) or
 * {@code password_file} (its content, without the trailing line break), or not at all. Unknown fields are errors: a
 * misspelt {@code read_only} must not silently make a data source writable.
 *
 * @param defaultDataSource the {@code default} field, or {@code null}
 * @param dataSources       in file order
 */
public record DataSourceFile(String defaultDataSource, List<DataSourceConfig> dataSources) {
    private static final Set<String> TOP_FIELDS = Set.of("default", "datasources");
    private static final Set<String> FIELDS = Set.of("url", "username", "password", "password_env", "password_file",
            "read_only", "max_pool_size");

    public DataSourceFile {
        dataSources = List.copyOf(dataSources);
    }

    /**
     * Reads a file; an {@link IllegalArgumentException} lists every problem by JSON path (never a password).
     *
     * @param environment where {@code password_env} variables are looked up
     */
    public static DataSourceFile read(Path file, Map<String, String> environment) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read as JSON: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        List<DataSourceConfig> configs = new ArrayList<>();
        String defaultName = null;
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": $ must be an object with \"datasources\"");
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!TOP_FIELDS.contains(f)) {
                problems.add("$." + f + ": unknown field (expected default, datasources)");
            }
        });
        JsonNode def = root.get("default");
        if (def != null && !def.isNull()) {
            if (def.isTextual()) {
                defaultName = def.textValue();
            } else {
                problems.add("$.default: must be a data source name");
            }
        }
        JsonNode sources = root.get("datasources");
        if (sources == null || !sources.isObject() || sources.isEmpty()) {
            problems.add("$.datasources: must be an object with at least one data source");
        } else {
            for (Map.Entry<String, JsonNode> entry : sources.properties()) {
                DataSourceConfig config = one(entry.getKey(), entry.getValue(), environment, file.getParent(),
                        problems);
                if (config != null) {
                    configs.add(config);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + String.join("; ", problems));
        }
        return new DataSourceFile(defaultName, configs);
    }

    private static DataSourceConfig one(String name, JsonNode node, Map<String, String> environment, Path baseDir,
            List<String> problems) {
        String path = "$.datasources." + name;
        if (!node.isObject()) {
            problems.add(path + ": must be an object with url, username, password_env, …");
            return null;
        }
        int before = problems.size();
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.add(path + "." + f + ": unknown field (expected " + String.join(", ", List.of("url",
                        "username", "password", "password_env", "password_file", "read_only", "max_pool_size"))
                        + ")");
            }
        });
        String url = text(node, "url", path, problems, true);
        String username = text(node, "username", path, problems, false);
        String password = password(node, path, environment, baseDir, problems);
        JsonNode readOnly = node.get("read_only");
        if (readOnly != null && !readOnly.isBoolean()) {
            problems.add(path + ".read_only: must be true or false");
        }
        JsonNode poolSize = node.get("max_pool_size");
        if (poolSize != null && !(poolSize.isIntegralNumber() && poolSize.canConvertToInt() && poolSize.intValue() >= 1)) {
            problems.add(path + ".max_pool_size: must be a whole number of at least 1");
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            return new DataSourceConfig(name, url, username, password, readOnly != null && readOnly.booleanValue(),
                    poolSize != null ? poolSize.intValue() : DataSourceConfig.DEFAULT_MAX_POOL_SIZE);
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
            return null;
        }
    }

    private static String password(JsonNode node, String path, Map<String, String> environment, Path baseDir,
            List<String> problems) {
        List<String> given = new ArrayList<>();
        for (String field : List.of("password", "password_env", "password_file")) {
            if (node.hasNonNull(field)) {
                given.add(field);
            }
        }
        if (given.size() > 1) {
            problems.add(path + ": give only one of " + String.join(", ", given));
            return null;
        }
        if (given.isEmpty()) {
            return null;
        }
        String value = text(node, given.get(0), path, problems, true);
        if (value == null) {
            return null;
        }
        switch (given.get(0)) {
            case "password_env" -> {
                String password = environment.get(value);
                if (password == null) {
                    problems.add(path + ".password_env: the environment variable " + value + " is not set");
                }
                return password;
            }
            case "password_file" -> {
                Path file = baseDir == null ? Path.of(value) : baseDir.resolve(value);
                try {
                    return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
                } catch (IOException e) {
                    problems.add(path + ".password_file: cannot read " + file + " (" + e.getClass().getSimpleName()
                            + ")");
                    return null;
                }
            }
            default -> {
                return value;
            }
        }
    }

    private static String text(JsonNode node, String field, String path, List<String> problems, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(path + "." + field + ": is required");
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            problems.add(path + "." + field + ": must be a non-blank string");
            return null;
        }
        return value.textValue();
    }
}

package io.gleitzeit.ops.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A Gleitzeit configuration file: Java {@code .properties} (UTF-8), one {@code key=value} a line, where a key is an
 * option's long name without the dashes ({@code http-port=8001}), optionally qualified by the command it is meant for
 * ({@code orchestrator.port=8000}, {@code service.llm.model=llama3}). See docs/operations.md "Configuration".
 *
 * @param path    where it was read from
 * @param entries its keys and values, trimmed
 */
public record ConfigFile(Path path, Map<String, String> entries) {

    public ConfigFile {
        Objects.requireNonNull(path, "path");
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /**
     * Reads {@code path}.
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable or malformed
     */
    public static ConfigFile load(Path path) {
        Objects.requireNonNull(path, "path");
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("config file " + path + ": no such file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("config file " + path + ": cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> entries = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            entries.put(name.trim(), properties.getProperty(name).trim());
        }
        return new ConfigFile(path, entries);
    }
}

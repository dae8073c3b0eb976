package io.gleitzeit.services.llm.ollama;

import io.gleitzeit.protocol.EndpointDeclaration;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Ollama server the internal LLM service may use.
 *
 * @param name          unique within the service; the {@code endpoint_id} on the wire
 * @param url           its base URL, such as {@code http://gpu1:11434}
 * @param gpu           a description of its GPU, or {@code null}
 * @param priority      breaks ties between equally suitable endpoints: higher first; within
 *                      {@value EndpointDeclaration#MIN_PRIORITY}..{@value EndpointDeclaration#MAX_PRIORITY}
 * @param maxConcurrent how many requests it runs at once
 * @param models        the models it may serve (an allow-list); empty means whatever it has
 * @param tags          free labels ({@code fast}, {@code datacenter-b}) shown in status
 */
public record OllamaEndpointConfig(String name, URI url, String gpu, int priority, int maxConcurrent,
                                   List<String> models, List<String> tags) {
    public static final int DEFAULT_MAX_CONCURRENT = 1;
    public static final int DEFAULT_PRIORITY = 0;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public OllamaEndpointConfig {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        Objects.requireNonNull(url, "url");
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("url must be an http(s) URL with a host, was '" + url + "'");
        }
        String path = url.getPath();
        if (path != null && path.endsWith("/")) {
            url = URI.create(url.toString().replaceAll("/+$", ""));
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("max_concurrent must be at least 1, was " + maxConcurrent);
        }
        if (!EndpointDeclaration.isValidPriority(priority)) {
            throw new IllegalArgumentException("priority must be within " + EndpointDeclaration.MIN_PRIORITY + ".."
                    + EndpointDeclaration.MAX_PRIORITY + ", was " + priority);
        }
        gpu = gpu == null || gpu.isBlank() ? null : gpu;
        models = List.copyOf(models);
        tags = List.copyOf(tags);
        if (tags.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("tags must not be blank");
        }
    }

    /** An endpoint with defaults for everything but its name and URL. */
    public static OllamaEndpointConfig of(String name, String url) {
        return new OllamaEndpointConfig(name, parseUrl(url, "url"), null, DEFAULT_PRIORITY, DEFAULT_MAX_CONCURRENT,
                List.of(), List.of());
    }

    /** The same endpoint with another concurrency limit. */
    public OllamaEndpointConfig withMaxConcurrent(int maxConcurrent) {
        return new OllamaEndpointConfig(name, url, gpu, priority, maxConcurrent, models, tags);
    }

    /** The URL of one of its API paths ({@code /api/chat}). */
    public URI api(String path) {
        return URI.create(url + path);
    }

    static URI parseUrl(String url, String field) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        try {
            return URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a URL: '" + url + "'", e);
        }
    }
}

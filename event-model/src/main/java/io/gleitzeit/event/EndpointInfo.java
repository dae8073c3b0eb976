package io.gleitzeit.event;

import java.util.List;
import java.util.Objects;

/**
 * An endpoint a service offers (an Ollama GPU host, say), as declared at registration.
 *
 * @param endpointId    unique within the service
 * @param url           where it is
 * @param models        models it serves
 * @param gpu           a GPU description, or {@code null}
 * @param maxConcurrent its concurrency limit
 */
public record EndpointInfo(String endpointId, String url, List<String> models, String gpu, int maxConcurrent) {
    public EndpointInfo {
        Checks.text(endpointId, "endpointId");
        models = List.copyOf(Objects.requireNonNullElse(models, List.of()));
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
    }
}

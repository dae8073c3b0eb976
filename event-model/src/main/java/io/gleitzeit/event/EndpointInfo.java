package io.gleitzeit.event;

import java.util.List;
import java.util.Objects;

/**
 * An endpoint a service offers (an Ollama GPU host, say), as declared at registration. {@code priority} and
 * {@code tags} were added later: a stored registration without them reads as priority 0 and no tags.
 *
 * @param endpointId    unique within the service
 * @param url           where it is
 * @param models        models it serves
 * @param gpu           a GPU description, or {@code null}
 * @param maxConcurrent its concurrency limit
 * @param priority      preference among endpoints the routing strategy ranks equal: higher first
 * @param tags          free labels
 */
public record EndpointInfo(String endpointId, String url, List<String> models, String gpu, int maxConcurrent,
                           int priority, List<String> tags) {
    public EndpointInfo {
        Checks.text(endpointId, "endpointId");
        models = List.copyOf(Objects.requireNonNullElse(models, List.of()));
        tags = List.copyOf(Objects.requireNonNullElse(tags, List.of()));
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
    }

    /** An endpoint with priority 0 and no tags. */
    public EndpointInfo(String endpointId, String url, List<String> models, String gpu, int maxConcurrent) {
        this(endpointId, url, models, gpu, maxConcurrent, 0, List.of());
    }
}

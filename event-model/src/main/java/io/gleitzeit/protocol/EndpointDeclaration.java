package io.gleitzeit.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An endpoint a service offers (ext), such as one Ollama host.
 *
 * @param endpointId    unique within the service
 * @param url           where it is
 * @param models        the models it serves
 * @param gpu           a GPU description, or {@code null}
 * @param maxConcurrent its own concurrency limit (absent means 1)
 * @param priority      (ext) the preference among endpoints that the routing strategy ranks equal: higher first;
 *                      absent means {@value #DEFAULT_PRIORITY}. The hub checks the range
 *                      {@value #MIN_PRIORITY}…{@value #MAX_PRIORITY}
 * @param tags          (ext) free labels ({@code fast}, {@code datacenter-b}), recorded with the registration; absent
 *                      means none
 */
@WirePayload
public record EndpointDeclaration(
        String endpointId, String url, List<String> models, String gpu, int maxConcurrent,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int priority,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags) {
    /** The priority of an endpoint that declares none. */
    public static final int DEFAULT_PRIORITY = 0;
    /** The lowest priority an endpoint may declare. */
    public static final int MIN_PRIORITY = -100;
    /** The highest priority an endpoint may declare. */
    public static final int MAX_PRIORITY = 100;

    public EndpointDeclaration {
        Require.text(endpointId, "endpoint_id");
        models = Require.list(models);
        maxConcurrent = Math.max(1, maxConcurrent);
        tags = Require.list(tags);
    }

    /** An endpoint without priority or tags (as services before they were announced declare it). */
    public EndpointDeclaration(String endpointId, String url, List<String> models, String gpu, int maxConcurrent) {
        this(endpointId, url, models, gpu, maxConcurrent, DEFAULT_PRIORITY, List.of());
    }

    /** Whether a priority is within {@value #MIN_PRIORITY}…{@value #MAX_PRIORITY}. */
    public static boolean isValidPriority(int priority) {
        return priority >= MIN_PRIORITY && priority <= MAX_PRIORITY;
    }
}

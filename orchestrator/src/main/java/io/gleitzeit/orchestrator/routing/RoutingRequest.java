package io.gleitzeit.orchestrator.routing;

import java.util.Objects;

/**
 * What a task needs from a service, derived from its definition and resolved parameters at dispatch time.
 *
 * @param externalTaskType the handler the service must offer ({@code llm_generation}, {@code python_execution}, …)
 * @param function         the function name for function tasks, else {@code null}
 * @param provider         the LLM provider for text and vision tasks ({@link LlmProviders}), else {@code null}
 * @param model            the LLM model, or {@code null}
 * @param service          the service name the task is pinned to, or {@code null}
 */
public record RoutingRequest(String externalTaskType, String function, String provider, String model,
                             String service) {
    public RoutingRequest {
        Objects.requireNonNull(externalTaskType, "externalTaskType");
        if (externalTaskType.isBlank()) {
            throw new IllegalArgumentException("externalTaskType must not be blank");
        }
    }

    /** A request for a handler with no further constraints. */
    public static RoutingRequest forTaskType(String externalTaskType) {
        return new RoutingRequest(externalTaskType, null, null, null, null);
    }

    /** This request pinned to the service named {@code serviceName}. */
    public RoutingRequest pinnedTo(String serviceName) {
        return new RoutingRequest(externalTaskType, function, provider, model, serviceName);
    }
}

package io.gleitzeit.orchestrator.routing;

import io.gleitzeit.event.DispatchTarget;
import java.util.Objects;

/**
 * What a task needs from a service, derived from its definition and resolved parameters at dispatch time.
 *
 * @param externalTaskType the handler the service must offer ({@code llm_generation}, {@code python_execution}, …)
 * @param function         the function name for function tasks, else {@code null}
 * @param provider         the LLM provider for text and vision tasks ({@link LlmProviders}), else {@code null}
 * @param model            the LLM model, or {@code null}
 * @param service          the service name the task is pinned to, or {@code null}
 * @param avoid            where the task's previous attempt failed, or {@code null}: another eligible service or
 *                         endpoint is preferred to it, though it is still used when it is the only one
 * @param attemptKey       the attempt being routed ({@code <task_id>:<attempt>}), or {@code null}: strategies that
 *                         would otherwise break a tie by name break it by a hash of this key, so decisions taken at
 *                         the same moment on the same figures spread instead of all taking the same endpoint
 */
public record RoutingRequest(String externalTaskType, String function, String provider, String model,
                             String service, DispatchTarget avoid, String attemptKey) {
    public RoutingRequest {
        Objects.requireNonNull(externalTaskType, "externalTaskType");
        if (externalTaskType.isBlank()) {
            throw new IllegalArgumentException("externalTaskType must not be blank");
        }
    }

    /** A first attempt's request: nothing to avoid. */
    public RoutingRequest(String externalTaskType, String function, String provider, String model, String service) {
        this(externalTaskType, function, provider, model, service, null, null);
    }

    /** A request without an attempt key. */
    public RoutingRequest(String externalTaskType, String function, String provider, String model, String service,
                          DispatchTarget avoid) {
        this(externalTaskType, function, provider, model, service, avoid, null);
    }

    /** A request for a handler with no further constraints. */
    public static RoutingRequest forTaskType(String externalTaskType) {
        return new RoutingRequest(externalTaskType, null, null, null, null, null, null);
    }

    /** This request pinned to the service named {@code serviceName}. */
    public RoutingRequest pinnedTo(String serviceName) {
        return new RoutingRequest(externalTaskType, function, provider, model, serviceName, avoid, attemptKey);
    }

    /** This request for a retry after an attempt at {@code failedAt} failed. */
    public RoutingRequest avoiding(DispatchTarget failedAt) {
        return new RoutingRequest(externalTaskType, function, provider, model, service, failedAt, attemptKey);
    }

    /** This request for the attempt {@code <taskId>:<attempt>}. */
    public RoutingRequest forAttempt(String taskId, int attempt) {
        return new RoutingRequest(externalTaskType, function, provider, model, service, avoid,
                taskId + ":" + attempt);
    }

    /** Whether {@code serviceId} (and {@code endpointId}, when the avoided attempt had one) is where it failed. */
    boolean isAvoided(String serviceId, String endpointId) {
        return avoid != null && avoid.serviceId().equals(serviceId)
                && (avoid.endpointId() == null || avoid.endpointId().equals(endpointId));
    }
}

package io.gleitzeit.event;

/**
 * Where a dispatch goes.
 *
 * @param serviceId   the registered service (its {@code node_id})
 * @param serviceName its name
 * @param hubId       the hub holding the service's socket, which delivers the {@code task:assign}
 * @param endpointId  the endpoint chosen inside the service (LLM services), or {@code null}
 */
public record DispatchTarget(String serviceId, String serviceName, String hubId, String endpointId) {
    public DispatchTarget {
        Checks.text(serviceId, "serviceId");
        Checks.text(hubId, "hubId");
    }
}

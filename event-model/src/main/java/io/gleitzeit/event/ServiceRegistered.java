package io.gleitzeit.event;

import java.util.List;
import java.util.Objects;

/**
 * A service connected and registered with a hub.
 *
 * @param serviceId     its {@code node_id}
 * @param name          its name (workflows may pin tasks to it)
 * @param serviceType   {@code llm}, {@code function}, {@code http}, {@code sql} or {@code custom}
 * @param hubId         the hub holding its socket
 * @param taskTypes     the {@code external_task_type}s it handles
 * @param maxConcurrent how many tasks it runs at once
 * @param functions     function names it offers (function services)
 * @param models        models it serves (LLM services)
 * @param providers     LLM providers it fronts ({@code internal}, {@code openai}, …)
 * @param endpoints     its endpoints (LLM services)
 * @param version       its software version, or {@code null}
 * @param session       the connection this registration came over (the hub's socket id), so that a later
 *                      {@link ServiceDisconnected} of an earlier connection cannot end this one; {@code null} in events
 *                      written before it was recorded
 * @param routingStrategy how the hub chooses among its endpoints ({@code round_robin}, …), or {@code null} when it
 *                      declared none (then {@code least_loaded}; also in registrations recorded before)
 */
public record ServiceRegistered(
        String serviceId, String name, String serviceType, String hubId, List<String> taskTypes, int maxConcurrent,
        List<String> functions, List<String> models, List<String> providers, List<EndpointInfo> endpoints,
        String version, String session, String routingStrategy) implements ClusterEvent {
    public ServiceRegistered {
        Checks.text(serviceId, "serviceId");
        Checks.text(name, "name");
        Checks.text(serviceType, "serviceType");
        Checks.text(hubId, "hubId");
        taskTypes = List.copyOf(Objects.requireNonNull(taskTypes, "taskTypes"));
        functions = List.copyOf(Objects.requireNonNullElse(functions, List.of()));
        models = List.copyOf(Objects.requireNonNullElse(models, List.of()));
        providers = List.copyOf(Objects.requireNonNullElse(providers, List.of()));
        endpoints = List.copyOf(Objects.requireNonNullElse(endpoints, List.of()));
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
    }

    /** A registration that declared no routing strategy. */
    public ServiceRegistered(String serviceId, String name, String serviceType, String hubId, List<String> taskTypes,
                             int maxConcurrent, List<String> functions, List<String> models, List<String> providers,
                             List<EndpointInfo> endpoints, String version, String session) {
        this(serviceId, name, serviceType, hubId, taskTypes, maxConcurrent, functions, models, providers, endpoints,
                version, session, null);
    }

    /** A registration without a recorded connection (as written before sessions were recorded). */
    public ServiceRegistered(String serviceId, String name, String serviceType, String hubId, List<String> taskTypes,
                             int maxConcurrent, List<String> functions, List<String> models, List<String> providers,
                             List<EndpointInfo> endpoints, String version) {
        this(serviceId, name, serviceType, hubId, taskTypes, maxConcurrent, functions, models, providers, endpoints,
                version, null, null);
    }
}

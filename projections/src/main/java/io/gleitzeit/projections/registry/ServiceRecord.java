package io.gleitzeit.projections.registry;

import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.ServiceRegistered;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A service as the cluster stream describes it.
 *
 * @param serviceId        its {@code node_id}
 * @param name             its name
 * @param serviceType      {@code llm}, {@code function}, {@code http}, {@code sql} or {@code custom}
 * @param hubId            the hub holding its socket
 * @param taskTypes        the {@code external_task_type}s it handles
 * @param functions        function names it offers
 * @param models           models it serves
 * @param providers        LLM providers it fronts
 * @param endpoints        its endpoints
 * @param maxConcurrent    how many tasks it runs at once
 * @param version          its software version, or {@code null}
 * @param status           connected or disconnected
 * @param registeredAt     when it (last) registered
 * @param lastSeenAt       the latest event about it (registration, endpoint report, disconnect)
 * @param disconnectedAt   when it disconnected, or {@code null} while connected
 * @param disconnectReason why, or {@code null} while connected
 * @param session          the connection of its latest registration, or {@code null} when not recorded
 * @param routingStrategy  how the hub chooses among its endpoints, or {@code null} when it declared none
 */
public record ServiceRecord(
        String serviceId, String name, String serviceType, String hubId, List<String> taskTypes,
        List<String> functions, List<String> models, List<String> providers, List<EndpointInfo> endpoints,
        int maxConcurrent, String version, ServiceStatus status, Instant registeredAt, Instant lastSeenAt,
        Instant disconnectedAt, String disconnectReason, String session, String routingStrategy) {
    public ServiceRecord {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(status, "status");
        taskTypes = List.copyOf(Objects.requireNonNullElse(taskTypes, List.of()));
        functions = List.copyOf(Objects.requireNonNullElse(functions, List.of()));
        models = List.copyOf(Objects.requireNonNullElse(models, List.of()));
        providers = List.copyOf(Objects.requireNonNullElse(providers, List.of()));
        endpoints = List.copyOf(Objects.requireNonNullElse(endpoints, List.of()));
    }

    /** The service as a registration describes it, connected. */
    static ServiceRecord registered(ServiceRegistered e, Instant at) {
        return new ServiceRecord(e.serviceId(), e.name(), e.serviceType(), e.hubId(), e.taskTypes(), e.functions(),
                e.models(), e.providers(), e.endpoints(), e.maxConcurrent(), e.version(), ServiceStatus.CONNECTED,
                at, at, null, null, e.session(), e.routingStrategy());
    }

    /** The same service, disconnected at {@code at}. */
    ServiceRecord disconnected(Instant at, String reason) {
        return new ServiceRecord(serviceId, name, serviceType, hubId, taskTypes, functions, models, providers,
                endpoints, maxConcurrent, version, ServiceStatus.DISCONNECTED, registeredAt, latest(at), at, reason,
                session, routingStrategy);
    }

    /** The same service, seen at {@code at}. */
    ServiceRecord seen(Instant at) {
        return new ServiceRecord(serviceId, name, serviceType, hubId, taskTypes, functions, models, providers,
                endpoints, maxConcurrent, version, status, registeredAt, latest(at), disconnectedAt,
                disconnectReason, session, routingStrategy);
    }

    private Instant latest(Instant at) {
        return lastSeenAt == null || at.isAfter(lastSeenAt) ? at : lastSeenAt;
    }
}

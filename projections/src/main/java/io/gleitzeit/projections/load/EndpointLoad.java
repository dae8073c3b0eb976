package io.gleitzeit.projections.load;

import io.gleitzeit.event.EndpointInfo;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The load and state of one endpoint of a service: in-flight counts and outcomes from dispatch and completion
 * events, health and GPU figures from the service's endpoint reports.
 *
 * @param serviceId      the service
 * @param endpointId     the endpoint
 * @param url            where it is, from the registration ({@code null} before)
 * @param inFlight       attempts dispatched to it and not yet ended (never negative)
 * @param capacity       its {@code max_concurrent} from the registration; 0 before
 * @param tasksCompleted attempts it completed
 * @param tasksFailed    attempts on it that failed or timed out
 * @param ewmaLatencyMs  smoothed completion latency, or {@code null} before the first completion
 * @param healthy        the last reported health; {@code true} until a report says otherwise
 * @param loadedModels   models in its memory at the last report
 * @param vramUsedBytes  GPU memory in use at the last report, or {@code null}
 * @param vramTotalBytes GPU memory in total at the last report, or {@code null}
 * @param reportedAt     when it last reported, or {@code null}
 * @param priority       its declared priority, from the registration (0 before, or when it declared none)
 * @param tags           its declared tags, from the registration
 * @param tasksDispatched attempts dispatched to it, ever (what the hub's {@code round_robin} evens out); an attempt
 *                       that failed over to it within the attempt does not count
 */
public record EndpointLoad(
        String serviceId, String endpointId, String url, int inFlight, int capacity, long tasksCompleted,
        long tasksFailed, Double ewmaLatencyMs, boolean healthy, List<String> loadedModels, Long vramUsedBytes,
        Long vramTotalBytes, Instant reportedAt, int priority, List<String> tags, long tasksDispatched) {
    public EndpointLoad {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(endpointId, "endpointId");
        loadedModels = List.copyOf(Objects.requireNonNullElse(loadedModels, List.of()));
        // stored before tags were recorded: none
        tags = List.copyOf(Objects.requireNonNullElse(tags, List.of()));
    }

    static EndpointLoad empty(String serviceId, String endpointId) {
        return new EndpointLoad(serviceId, endpointId, null, 0, 0, 0, 0, null, true, List.of(), null, null, null, 0,
                List.of(), 0);
    }

    /** The key of the endpoint in the model's hash: {@code <service id>|<endpoint id>}. */
    static String key(String serviceId, String endpointId) {
        return serviceId + "|" + endpointId;
    }

    /** One more attempt dispatched to it, now in flight. */
    EndpointLoad dispatched() {
        return new EndpointLoad(serviceId, endpointId, url, inFlight + 1, capacity, tasksCompleted, tasksFailed,
                ewmaLatencyMs, healthy, loadedModels, vramUsedBytes, vramTotalBytes, reportedAt, priority, tags,
                tasksDispatched + 1);
    }

    EndpointLoad withInFlight(int value) {
        return new EndpointLoad(serviceId, endpointId, url, value, capacity, tasksCompleted, tasksFailed,
                ewmaLatencyMs, healthy, loadedModels, vramUsedBytes, vramTotalBytes, reportedAt, priority, tags,
                tasksDispatched);
    }

    EndpointLoad declared(EndpointInfo declared) {
        return new EndpointLoad(serviceId, endpointId, declared.url(), inFlight, declared.maxConcurrent(),
                tasksCompleted, tasksFailed, ewmaLatencyMs, healthy, loadedModels, vramUsedBytes, vramTotalBytes,
                reportedAt, declared.priority(), declared.tags(), tasksDispatched);
    }

    EndpointLoad completed(Double ewma) {
        return new EndpointLoad(serviceId, endpointId, url, inFlight, capacity, tasksCompleted + 1, tasksFailed,
                ewma, healthy, loadedModels, vramUsedBytes, vramTotalBytes, reportedAt, priority, tags,
                tasksDispatched);
    }

    EndpointLoad failed() {
        return new EndpointLoad(serviceId, endpointId, url, inFlight, capacity, tasksCompleted, tasksFailed + 1,
                ewmaLatencyMs, healthy, loadedModels, vramUsedBytes, vramTotalBytes, reportedAt, priority, tags,
                tasksDispatched);
    }

    EndpointLoad reported(boolean isHealthy, List<String> models, long vramUsed, long vramTotal, Instant at) {
        return new EndpointLoad(serviceId, endpointId, url, inFlight, capacity, tasksCompleted, tasksFailed,
                ewmaLatencyMs, isHealthy, models, vramUsed, vramTotal, at, priority, tags, tasksDispatched);
    }
}

package io.gleitzeit.orchestrator.routing;

import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.ServiceRegistered;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A connected service as routing sees it: what it offers and how busy it is. Routing is per service for now; a later
 * endpoint level (LLM services with several GPU hosts) chooses inside the service and fills
 * {@link io.gleitzeit.event.DispatchTarget#endpointId()}.
 *
 * @param serviceId     its {@code node_id}
 * @param name          its name, which tasks may be pinned to
 * @param hubId         the hub holding its socket
 * @param serviceType   {@code llm}, {@code function}, {@code http}, {@code sql} or {@code custom}
 * @param taskTypes     the {@code external_task_type}s it handles
 * @param functions     function names it offers; empty means it did not say, and any function is tried there
 * @param models        models it serves; empty means it did not say, and any model is tried there
 * @param providers     LLM providers it fronts; an LLM task goes only to a service that lists its provider
 * @param maxConcurrent how many tasks it runs at once
 * @param inFlight      how many tasks it runs now (from dispatch and completion events)
 * @param healthy       whether it is fit for work (heartbeats on time, endpoints up)
 */
public record ServiceCandidate(
        String serviceId, String name, String hubId, String serviceType, List<String> taskTypes,
        List<String> functions, List<String> models, List<String> providers, int maxConcurrent, int inFlight,
        boolean healthy) {

    /**
     * Least loaded first: the lower share {@code inFlight / maxConcurrent}, then fewer tasks in flight, then the
     * service id, so that the choice never depends on iteration order.
     */
    public static final Comparator<ServiceCandidate> LEAST_LOADED_FIRST = ServiceCandidate::compareLoad;

    public ServiceCandidate {
        requireText(serviceId, "serviceId");
        requireText(name, "name");
        requireText(hubId, "hubId");
        requireText(serviceType, "serviceType");
        taskTypes = List.copyOf(Objects.requireNonNull(taskTypes, "taskTypes"));
        functions = List.copyOf(Objects.requireNonNull(functions, "functions"));
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        providers = List.copyOf(Objects.requireNonNull(providers, "providers"));
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
        }
        if (inFlight < 0) {
            throw new IllegalArgumentException("inFlight must not be negative, was " + inFlight);
        }
    }

    /** A builder for a service with the given identity; lists default to empty, one slot, healthy. */
    public static Builder newBuilder(String serviceId, String name, String hubId) {
        return new Builder(serviceId, name, hubId);
    }

    /** The candidate a registration describes, with its current load and health. */
    public static ServiceCandidate fromRegistration(ServiceRegistered r, int inFlight, Health health) {
        return new ServiceCandidate(r.serviceId(), r.name(), r.hubId(), r.serviceType(), r.taskTypes(), r.functions(),
                r.models(), r.providers(), r.maxConcurrent(), inFlight, health == Health.HEALTHY);
    }

    /** Whether it has a free slot. */
    public boolean hasCapacity() {
        return inFlight < maxConcurrent;
    }

    /** Whether it offers what the request needs (pin included), regardless of health and load. */
    public boolean offers(RoutingRequest request) {
        if (!taskTypes.contains(request.externalTaskType())) {
            return false;
        }
        if (request.function() != null && !functions.isEmpty() && !functions.contains(request.function())) {
            return false;
        }
        if (request.provider() != null && !providers.contains(request.provider())) {
            return false;
        }
        if (request.model() != null && !models.isEmpty() && !models.contains(request.model())) {
            return false;
        }
        return request.service() == null || request.service().equals(name);
    }

    /** Whether the request may go here now: offered, healthy, and a slot free. */
    public boolean isEligibleFor(RoutingRequest request) {
        return healthy && hasCapacity() && offers(request);
    }

    /** The same service with one more task in flight. */
    public ServiceCandidate withOneMoreInFlight() {
        return new ServiceCandidate(serviceId, name, hubId, serviceType, taskTypes, functions, models, providers,
                maxConcurrent, inFlight + 1, healthy);
    }

    /** The same service with one task fewer in flight (never below zero). */
    public ServiceCandidate withOneLessInFlight() {
        return new ServiceCandidate(serviceId, name, hubId, serviceType, taskTypes, functions, models, providers,
                maxConcurrent, Math.max(0, inFlight - 1), healthy);
    }

    /** Its figures as recorded in a routing decision. */
    public CandidateLoad load() {
        return new CandidateLoad(serviceId, null, inFlight, maxConcurrent, null, false, healthy);
    }

    private static int compareLoad(ServiceCandidate a, ServiceCandidate b) {
        // cross-multiplied so that equal shares compare equal without floating point
        int c = Long.compare((long) a.inFlight * b.maxConcurrent, (long) b.inFlight * a.maxConcurrent);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.inFlight, b.inFlight);
        return c != 0 ? c : a.serviceId.compareTo(b.serviceId);
    }

    private static void requireText(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    /** Whether a service is fit for work. */
    public enum Health { HEALTHY, UNHEALTHY }

    /** Builds a {@link ServiceCandidate}. */
    public static final class Builder {
        private final String serviceId;
        private final String name;
        private final String hubId;
        private String serviceType = "custom";
        private List<String> taskTypes = List.of();
        private List<String> functions = List.of();
        private List<String> models = List.of();
        private List<String> providers = List.of();
        private int maxConcurrent = 1;
        private int inFlight;
        private Health health = Health.HEALTHY;

        private Builder(String serviceId, String name, String hubId) {
            this.serviceId = serviceId;
            this.name = name;
            this.hubId = hubId;
        }

        public Builder serviceType(String value) {
            serviceType = value;
            return this;
        }

        public Builder taskTypes(String... values) {
            taskTypes = List.of(values);
            return this;
        }

        public Builder functions(String... values) {
            functions = List.of(values);
            return this;
        }

        public Builder models(String... values) {
            models = List.of(values);
            return this;
        }

        public Builder providers(String... values) {
            providers = List.of(values);
            return this;
        }

        public Builder maxConcurrent(int value) {
            maxConcurrent = value;
            return this;
        }

        public Builder inFlight(int value) {
            inFlight = value;
            return this;
        }

        public Builder health(Health value) {
            health = Objects.requireNonNull(value, "health");
            return this;
        }

        public ServiceCandidate build() {
            return new ServiceCandidate(serviceId, name, hubId, serviceType, taskTypes, functions, models, providers,
                    maxConcurrent, inFlight, health == Health.HEALTHY);
        }
    }
}

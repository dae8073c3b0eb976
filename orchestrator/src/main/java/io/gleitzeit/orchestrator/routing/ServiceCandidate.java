package io.gleitzeit.orchestrator.routing;

import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.protocol.ModelNames;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A connected service as routing sees it: what it offers and how busy it is. An LLM service with Ollama endpoints
 * lists them; a task for the internal provider is then routed to one of its endpoints
 * ({@link io.gleitzeit.event.DispatchTarget#endpointId()}), chosen by the endpoints' own figures.
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
 * @param endpoints     its endpoints (internal LLM provider), by id; empty for services without endpoints
 * @param strategy      how its endpoints are ranked, as it declared ({@link EndpointStrategy#DEFAULT} when it did not)
 */
public record ServiceCandidate(
        String serviceId, String name, String hubId, String serviceType, List<String> taskTypes,
        List<String> functions, List<String> models, List<String> providers, int maxConcurrent, int inFlight,
        boolean healthy, List<EndpointCandidate> endpoints, EndpointStrategy strategy) {

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
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        Objects.requireNonNull(strategy, "strategy");
        Set<String> ids = new HashSet<>();
        for (EndpointCandidate e : endpoints) {
            if (!ids.add(e.endpointId())) {
                throw new IllegalArgumentException("endpoints: duplicate endpoint id " + e.endpointId());
            }
        }
    }

    /** A builder for a service with the given identity; lists default to empty, one slot, healthy. */
    public static Builder newBuilder(String serviceId, String name, String hubId) {
        return new Builder(serviceId, name, hubId);
    }

    /**
     * The candidate a registration describes, with its current load and health. A strategy name this version does not
     * know (the hub refuses them, so only from a newer writer) ranks as the default.
     */
    public static ServiceCandidate fromRegistration(ServiceRegistered r, int inFlight, Health health) {
        return new ServiceCandidate(r.serviceId(), r.name(), r.hubId(), r.serviceType(), r.taskTypes(), r.functions(),
                r.models(), r.providers(), r.maxConcurrent(), inFlight, health == Health.HEALTHY,
                r.endpoints().stream().map(e -> EndpointCandidate.idle(e.endpointId(), e.maxConcurrent())
                        .withModels(e.models()).withPriority(e.priority())).toList(),
                EndpointStrategy.fromWireName(r.routingStrategy()).orElse(EndpointStrategy.DEFAULT));
    }

    /** Whether it has a free slot. */
    public boolean hasCapacity() {
        return inFlight < maxConcurrent;
    }

    /**
     * Whether the request goes to one of this service's endpoints: a task for the internal provider on a service
     * that lists endpoints. The endpoints' model lists then decide (they are the internal provider's own), not the
     * service's {@code models[]}, which is one list for all the providers it fronts.
     */
    public boolean routesToEndpoints(RoutingRequest request) {
        return LlmProviders.INTERNAL.equals(request.provider()) && !endpoints.isEmpty();
    }

    /**
     * Whether it offers what the request needs (pin included), regardless of health and load. Models compare as
     * Ollama does ({@code llama3} ≡ {@code llama3:latest}); a service (or endpoint) announcing no models takes any.
     */
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
        if (routesToEndpoints(request)) {
            if (endpoints.stream().noneMatch(e -> e.serves(request.model()))) {
                return false;
            }
        } else if (request.model() != null && !models.isEmpty() && !ModelNames.contains(models, request.model())) {
            return false;
        }
        return request.service() == null || request.service().equals(name);
    }

    /** Whether the request may go here now: offered, healthy, a slot free (on an endpoint, when it uses them). */
    public boolean isEligibleFor(RoutingRequest request) {
        return healthy && hasCapacity() && offers(request)
                && (!routesToEndpoints(request) || !eligibleEndpoints(request).isEmpty());
    }

    /** The endpoints the request may go to now: healthy, a slot free, its model served. */
    public List<EndpointCandidate> eligibleEndpoints(RoutingRequest request) {
        return endpoints.stream().filter(e -> e.isEligibleFor(request.model())).toList();
    }

    /** The endpoint with that id, or {@code null}. */
    public EndpointCandidate endpoint(String endpointId) {
        for (EndpointCandidate e : endpoints) {
            if (e.endpointId().equals(endpointId)) {
                return e;
            }
        }
        return null;
    }

    /** The same service with one more task in flight (on none of its endpoints). */
    public ServiceCandidate withOneMoreInFlight() {
        return withOneMoreInFlight(null);
    }

    /** The same service with one task fewer in flight (on none of its endpoints). */
    public ServiceCandidate withOneLessInFlight() {
        return withOneLessInFlight(null);
    }

    /**
     * The same service with one more task dispatched and in flight, on the endpoint when one is named (its dispatch
     * count grows too).
     */
    public ServiceCandidate withOneMoreInFlight(String endpointId) {
        return new ServiceCandidate(serviceId, name, hubId, serviceType, taskTypes, functions, models, providers,
                maxConcurrent, inFlight + 1, healthy, shifted(endpointId,
                        e -> e.withInFlight(e.inFlight() + 1).withDispatched(e.dispatched() + 1)), strategy);
    }

    /** The same service with one task fewer in flight (never below zero), on the endpoint when one is named. */
    public ServiceCandidate withOneLessInFlight(String endpointId) {
        return new ServiceCandidate(serviceId, name, hubId, serviceType, taskTypes, functions, models, providers,
                maxConcurrent, Math.max(0, inFlight - 1), healthy, shifted(endpointId,
                        e -> e.withInFlight(e.inFlight() - 1)), strategy);
    }

    private List<EndpointCandidate> shifted(String endpointId, UnaryOperator<EndpointCandidate> change) {
        if (endpointId == null) {
            return endpoints;
        }
        return endpoints.stream().map(e -> e.endpointId().equals(endpointId) ? change.apply(e) : e).toList();
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
        private List<EndpointCandidate> endpoints = List.of();
        private EndpointStrategy strategy = EndpointStrategy.DEFAULT;

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

        public Builder endpoints(EndpointCandidate... values) {
            endpoints = List.of(values);
            return this;
        }

        public Builder strategy(EndpointStrategy value) {
            strategy = Objects.requireNonNull(value, "strategy");
            return this;
        }

        public ServiceCandidate build() {
            return new ServiceCandidate(serviceId, name, hubId, serviceType, taskTypes, functions, models, providers,
                    maxConcurrent, inFlight, health == Health.HEALTHY, endpoints, strategy);
        }
    }
}

package io.gleitzeit.projections.load;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.EventParked;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.log.Commit;
import io.gleitzeit.projections.ChangeSet;
import io.gleitzeit.projections.ModelState;
import io.gleitzeit.projections.ReadModel;
import io.gleitzeit.projections.Source;
import io.gleitzeit.projections.StoredModel;
import io.gleitzeit.projections.internal.StoredJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Load per service and per endpoint, from the partitions' event streams (dispatches and attempt ends) and the
 * cluster stream (capacities from registrations; health, loaded models and VRAM from endpoint reports).
 *
 * <p>In flight = attempts dispatched and not yet ended. An attempt ends with {@code TaskCompleted},
 * {@code TaskFailed}, {@code TaskTimedOut} or {@code TaskCancelled} of that attempt; {@code TaskResultDiscarded}
 * (a late result of an attempt that already ended) does not count, nor does a batch task's completion (its units'
 * attempts were counted one by one). Ends are matched to their dispatch by task and
 * attempt, so they are counted against the service and endpoint the attempt went to; when the service moved the
 * attempt to another endpoint ({@code TaskEndpointSwitched}), it counts in flight there from then on, and ends there. Counts never go below zero:
 * the model clamps and counts the anomaly. Latency is an EWMA ({@link #EWMA_ALPHA}) of the reported
 * {@code duration_ms}, or of dispatch → completion time when none was reported.
 *
 * <p>Keys: {@code services} (HASH service id → {@link ServiceLoad}), {@code endpoints} (HASH
 * {@code <service>|<endpoint>} → {@link EndpointLoad}), {@code open} (HASH {@code <task>#<attempt>} → the open
 * attempt), {@code anomalies} (HASH counter → value).
 */
public final class LoadModel implements ReadModel {
    /** The model's name (keys {@code <prefix>{proj:load}:…}, group {@code proj-load}). */
    public static final String NAME = "load";
    /** The weight of the newest latency in the moving average. */
    public static final double EWMA_ALPHA = 0.2;
    static final String SERVICES = "services";
    static final String ENDPOINTS = "endpoints";
    static final String OPEN = "open";
    static final String ANOMALIES = "anomalies";
    static final String CLAMPED = "clamped_in_flight";
    static final String UNMATCHED = "ended_without_dispatch";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Source> sources() {
        return Set.of(Source.CLUSTER, Source.PARTITIONS);
    }

    @Override
    public List<String> keyNames() {
        return List.of(SERVICES, ENDPOINTS, OPEN, ANOMALIES);
    }

    @Override
    public ModelState newState() {
        return new State();
    }

    /** How an attempt ended. */
    private enum End { COMPLETED, FAILED, CANCELLED }

    /** Everything in memory: services, endpoints and open attempts are bounded by the cluster's size. */
    private static final class State implements ModelState {
        private final Map<String, ServiceLoad> services = new LinkedHashMap<>();
        private final Map<String, EndpointLoad> endpoints = new LinkedHashMap<>();
        private final Map<String, OpenAttempt> open = new LinkedHashMap<>();
        private final Set<String> changedServices = new LinkedHashSet<>();
        private final Set<String> changedEndpoints = new LinkedHashSet<>();
        private final Set<String> changedOpen = new LinkedHashSet<>();
        private long clamped;
        private long unmatched;
        private boolean anomaliesChanged;

        @Override
        public void load(StoredModel stored) {
            stored.readAll(SERVICES).forEach((id, json) ->
                    services.put(id, StoredJson.read(json, ServiceLoad.class, "load of service " + id)));
            stored.readAll(ENDPOINTS).forEach((id, json) ->
                    endpoints.put(id, StoredJson.read(json, EndpointLoad.class, "load of endpoint " + id)));
            stored.readAll(OPEN).forEach((id, json) ->
                    open.put(id, StoredJson.read(json, OpenAttempt.class, "open attempt " + id)));
            Map<String, String> anomalies = stored.readAll(ANOMALIES);
            clamped = Long.parseLong(anomalies.getOrDefault(CLAMPED, "0"));
            unmatched = Long.parseLong(anomalies.getOrDefault(UNMATCHED, "0"));
        }

        @Override
        public void apply(Commit commit) {
            for (EventEnvelope<WorkflowEvent> event : commit.events()) {
                apply(event.payload(), event.occurredAt());
            }
        }

        private void apply(WorkflowEvent payload, Instant at) {
            if (payload instanceof TaskDispatched e) {
                dispatched(e, at);
            } else if (payload instanceof TaskEndpointSwitched e) {
                switched(e);
            } else if (payload instanceof TaskCompleted e && e.serviceId() == null) {
                // a batch task completes when its units have; no service ran it, so no attempt ends
            } else if (payload instanceof TaskCompleted e) {
                ended(OpenAttempt.key(e.taskId(), e.attempt()), End.COMPLETED, true, e.durationMs(), at,
                        e.endpointId());
            } else if (payload instanceof TaskFailed e) {
                // a failure may also come before any dispatch (parameters that cannot be resolved)
                ended(OpenAttempt.key(e.taskId(), e.attempt()), End.FAILED, false, null, at, null);
            } else if (payload instanceof TaskTimedOut e) {
                ended(OpenAttempt.key(e.taskId(), e.attempt()), End.FAILED, true, null, at, null);
            } else if (payload instanceof TaskCancelled e) {
                if (e.attempt() > 0) {
                    ended(OpenAttempt.key(e.taskId(), e.attempt()), End.CANCELLED, true, null, at, null);
                }
            } else if (payload instanceof TaskReady || payload instanceof TaskAccepted
                    || payload instanceof TaskProgressed || payload instanceof TaskRetryScheduled
                    || payload instanceof TaskSkipped || payload instanceof TaskResultDiscarded
                    || payload instanceof TaskBatchExpanded
                    || payload instanceof WorkflowSubmitted || payload instanceof WorkflowCompleted
                    || payload instanceof WorkflowFailed || payload instanceof WorkflowCancelled
                    || payload instanceof UnknownEvent) {
                // no attempt starts or ends
            } else {
                throw new IllegalStateException("the load model does not handle " + payload.getClass().getName());
            }
        }

        private void dispatched(TaskDispatched e, Instant at) {
            String key = OpenAttempt.key(e.taskId(), e.attempt());
            if (open.containsKey(key)) {
                return;
            }
            OpenAttempt attempt = new OpenAttempt(e.target().serviceId(), e.target().endpointId(), at);
            open.put(key, attempt);
            changedOpen.add(key);
            ServiceLoad service = service(attempt.serviceId());
            putService(service.withInFlight(service.inFlight() + 1));
            if (attempt.endpointId() != null) {
                EndpointLoad endpoint = endpoint(attempt.serviceId(), attempt.endpointId());
                putEndpoint(endpoint.dispatched());
            }
        }

        /**
         * The service moved an open attempt to another endpoint: its slot there is taken and the old one's freed,
         * and its end (and latency) will count on the new one. Not a dispatch: the new endpoint's dispatch count
         * stays.
         */
        private void switched(TaskEndpointSwitched e) {
            String key = OpenAttempt.key(e.taskId(), e.attempt());
            OpenAttempt attempt = open.get(key);
            if (attempt == null || e.endpointId().equals(attempt.endpointId())) {
                return;
            }
            if (attempt.endpointId() != null) {
                EndpointLoad from = endpoint(attempt.serviceId(), attempt.endpointId());
                putEndpoint(from.withInFlight(decremented(from.inFlight())));
            }
            EndpointLoad to = endpoint(attempt.serviceId(), e.endpointId());
            putEndpoint(to.withInFlight(to.inFlight() + 1));
            open.put(key, attempt.onEndpoint(e.endpointId()));
            changedOpen.add(key);
        }

        /**
         * Ends an open attempt at {@code at}. A completion's latency is its reported duration, else the time since
         * its dispatch. {@code mustBeOpen}: an end of an attempt never seen dispatched is an anomaly.
         * {@code completedOn}: the endpoint a completion names; when the attempt ran on an endpoint and the
         * completion names another (a failover whose report had not been recorded before the completion), the slot
         * is freed where it was counted and the completion and its latency count where the work was done.
         */
        private void ended(String key, End end, boolean mustBeOpen, Long durationMs, Instant at,
                           String completedOn) {
            OpenAttempt attempt = open.remove(key);
            if (attempt == null) {
                if (mustBeOpen) {
                    unmatched++;
                    anomaliesChanged = true;
                }
                return;
            }
            changedOpen.add(key);
            Double sample = end != End.COMPLETED ? null
                    : durationMs != null ? durationMs.doubleValue()
                    : (double) Math.max(0, at.toEpochMilli() - attempt.dispatchedAt().toEpochMilli());
            ServiceLoad service = service(attempt.serviceId()).withInFlight(decremented(
                    service(attempt.serviceId()).inFlight()));
            putService(end == End.COMPLETED ? service.completed(ewma(service.ewmaLatencyMs(), sample))
                    : end == End.FAILED ? service.failed() : service);
            if (attempt.endpointId() != null) {
                EndpointLoad current = endpoint(attempt.serviceId(), attempt.endpointId());
                EndpointLoad endpoint = current.withInFlight(decremented(current.inFlight()));
                if (end == End.COMPLETED && completedOn != null && !completedOn.equals(attempt.endpointId())) {
                    putEndpoint(endpoint);
                    EndpointLoad worker = endpoint(attempt.serviceId(), completedOn);
                    putEndpoint(worker.completed(ewma(worker.ewmaLatencyMs(), sample)));
                } else {
                    putEndpoint(end == End.COMPLETED ? endpoint.completed(ewma(endpoint.ewmaLatencyMs(), sample))
                            : end == End.FAILED ? endpoint.failed() : endpoint);
                }
            }
        }

        private int decremented(int inFlight) {
            if (inFlight <= 0) {
                clamped++;
                anomaliesChanged = true;
                return 0;
            }
            return inFlight - 1;
        }

        private static Double ewma(Double previous, Double sample) {
            if (sample == null) {
                return previous;
            }
            return previous == null ? sample : EWMA_ALPHA * sample + (1 - EWMA_ALPHA) * previous;
        }

        @Override
        public void apply(EventEnvelope<ClusterEvent> event) {
            ClusterEvent payload = event.payload();
            if (payload instanceof ServiceRegistered e) {
                putService(service(e.serviceId()).withCapacity(e.maxConcurrent()));
                for (EndpointInfo info : e.endpoints()) {
                    putEndpoint(endpoint(e.serviceId(), info.endpointId()).declared(info));
                }
            } else if (payload instanceof EndpointStatusReported e) {
                putEndpoint(endpoint(e.serviceId(), e.endpointId()).reported(e.healthy(), e.loadedModels(),
                        e.vramUsedBytes(), e.vramTotalBytes(), event.occurredAt()));
            } else if (payload instanceof ServiceDisconnected || payload instanceof EventParked
                    || payload instanceof UnknownEvent) {
                // a disconnect ends no attempt by itself: the decider fails them, and those events end them here
            } else {
                throw new IllegalStateException("the load model does not handle " + payload.getClass().getName());
            }
        }

        private ServiceLoad service(String serviceId) {
            return services.getOrDefault(serviceId, ServiceLoad.empty(serviceId));
        }

        private EndpointLoad endpoint(String serviceId, String endpointId) {
            return endpoints.getOrDefault(EndpointLoad.key(serviceId, endpointId),
                    EndpointLoad.empty(serviceId, endpointId));
        }

        private void putService(ServiceLoad load) {
            services.put(load.serviceId(), load);
            changedServices.add(load.serviceId());
        }

        private void putEndpoint(EndpointLoad load) {
            String key = EndpointLoad.key(load.serviceId(), load.endpointId());
            endpoints.put(key, load);
            changedEndpoints.add(key);
        }

        @Override
        public void drainChanges(ChangeSet changes) {
            changedServices.forEach(id -> changes.put(SERVICES, id, StoredJson.write(services.get(id))));
            changedEndpoints.forEach(id -> changes.put(ENDPOINTS, id, StoredJson.write(endpoints.get(id))));
            for (String key : changedOpen) {
                OpenAttempt attempt = open.get(key);
                if (attempt == null) {
                    changes.remove(OPEN, key);
                } else {
                    changes.put(OPEN, key, StoredJson.write(attempt));
                }
            }
            if (anomaliesChanged) {
                changes.put(ANOMALIES, CLAMPED, Long.toString(clamped));
                changes.put(ANOMALIES, UNMATCHED, Long.toString(unmatched));
            }
            changedServices.clear();
            changedEndpoints.clear();
            changedOpen.clear();
            anomaliesChanged = false;
        }
    }
}

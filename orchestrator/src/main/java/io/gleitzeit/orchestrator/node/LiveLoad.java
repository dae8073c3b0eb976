package io.gleitzeit.orchestrator.node;

import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.Commit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-flight attempts per service, and per endpoint of a service, as this node's commit feed sees them, ahead of the
 * load projection (which applies the same events in batches): routing takes the larger of the live count and the
 * projected count less the attempts seen ending since the projection was read, so that decisions taken between two
 * refreshes count each other's dispatches and a freed slot is used at once. Only attempts dispatched since the node
 * started are known here; older ones are in the projection.
 */
final class LiveLoad implements CommitListener {
    private final Map<String, DispatchTarget> targetOfAttempt = new HashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> endedSinceRead = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> dispatchedSinceRead = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final Runnable onChange;

    /** {@code onChange} runs on the feed's thread after each commit that changed a count; it must not block. */
    LiveLoad(Runnable onChange) {
        this.onChange = onChange;
    }

    @Override
    public void onCommit(Commit commit) {
        boolean changed = false;
        for (EventEnvelope<WorkflowEvent> e : commit.events()) {
            WorkflowEvent p = e.payload();
            if (p instanceof TaskDispatched d) {
                if (targetOfAttempt.putIfAbsent(d.idempotencyKey(), d.target()) == null) {
                    for (String key : keys(d.target())) {
                        inFlight.computeIfAbsent(key, id -> new AtomicInteger()).incrementAndGet();
                        dispatchedSinceRead.computeIfAbsent(key, id -> new AtomicInteger()).incrementAndGet();
                    }
                    version.incrementAndGet();
                    changed = true;
                }
            } else if (p instanceof TaskCompleted || p instanceof TaskFailed || p instanceof TaskTimedOut
                    || (p instanceof TaskCancelled c && c.attempt() > 0)) {
                DispatchTarget target = targetOfAttempt.remove(e.taskId() + ":" + e.attempt());
                if (target != null) {
                    for (String key : keys(target)) {
                        inFlight.get(key).updateAndGet(n -> Math.max(0, n - 1));
                        endedSinceRead.computeIfAbsent(key, id -> new AtomicInteger()).incrementAndGet();
                    }
                    version.incrementAndGet();
                    changed = true;
                }
            }
        }
        if (changed) {
            onChange.run();
        }
    }

    /** The counters an attempt on the target moves: its service's, and its endpoint's when it has one. */
    private static List<String> keys(DispatchTarget target) {
        return target.endpointId() == null ? List.of(target.serviceId())
                : List.of(target.serviceId(), endpointKey(target.serviceId(), target.endpointId()));
    }

    /** The key an endpoint's counts are kept under, apart from its service's. */
    static String endpointKey(String serviceId, String endpointId) {
        return serviceId + "|" + endpointId;
    }

    /** Attempts in flight on the service that this node saw dispatched and not ended. */
    int inFlight(String serviceId) {
        return count(inFlight, serviceId);
    }

    /** Attempts in flight on the endpoint that this node saw dispatched and not ended. */
    int inFlight(String serviceId, String endpointId) {
        return count(inFlight, endpointKey(serviceId, endpointId));
    }

    private static int count(Map<String, AtomicInteger> counts, String key) {
        AtomicInteger n = counts.get(key);
        return n == null ? 0 : n.get();
    }

    /**
     * Attempts of the service seen ending since {@link #projectionRead()}: the projection read then may still count
     * them, and routing subtracts them from it.
     */
    int endedSinceRead(String serviceId) {
        return count(endedSinceRead, serviceId);
    }

    /** As {@link #endedSinceRead(String)}, for one endpoint. */
    int endedSinceRead(String serviceId, String endpointId) {
        return count(endedSinceRead, endpointKey(serviceId, endpointId));
    }

    /** Attempts dispatched to the endpoint since {@link #projectionRead()}, which the projection read then lacks. */
    int dispatchedSinceRead(String serviceId, String endpointId) {
        return count(dispatchedSinceRead, endpointKey(serviceId, endpointId));
    }

    /** The projections are about to be read: they include what ended until now, or soon will. */
    void projectionRead() {
        endedSinceRead.clear();
        dispatchedSinceRead.clear();
        version.incrementAndGet();
    }

    /** Changes whenever a count changes. */
    long version() {
        return version.get();
    }
}

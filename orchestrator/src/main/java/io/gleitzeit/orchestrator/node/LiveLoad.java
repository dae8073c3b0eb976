package io.gleitzeit.orchestrator.node;

import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.Commit;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-flight attempts per service, and per endpoint of a service, as this node's commit feed sees them, ahead of the
 * load projection (which applies the same events in batches): routing takes the larger of the live count and the
 * projected count less the attempts seen ending since the projection was read, so that decisions taken between two
 * refreshes count each other's dispatches and a freed slot is used at once. Only attempts dispatched since the node
 * started are known here; older ones are in the projection. An attempt the service moved to another endpoint
 * ({@code TaskEndpointSwitched}) counts on the new endpoint from then on.
 */
final class LiveLoad implements CommitListener {
    private static final int REMEMBERED_DISPATCHES = 100_000;
    private final Map<String, DispatchTarget> targetOfAttempt = new HashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> endedSinceRead = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> dispatched = new ConcurrentHashMap<>();
    private final Map<String, Long> dispatchedBefore = new ConcurrentHashMap<>();
    /**
     * The attempts whose dispatch was counted, the newest {@value #REMEMBERED_DISPATCHES}: the decider and the feed
     * report each one within milliseconds of each other, so the second is recognised.
     */
    private final Set<String> countedDispatches = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_DISPATCHES;
        }
    });
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
                countDispatch(d);
                if (targetOfAttempt.putIfAbsent(d.idempotencyKey(), d.target()) == null) {
                    for (String key : keys(d.target())) {
                        inFlight.computeIfAbsent(key, id -> new AtomicInteger()).incrementAndGet();
                    }
                    version.incrementAndGet();
                    changed = true;
                }
            } else if (p instanceof TaskEndpointSwitched s) {
                changed |= switched(s);
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

    /**
     * Counts the dispatches of a decision this node has just taken, before they are appended and come back through
     * the feed: decisions running in parallel on this node then see them (round robin's turns). Only the dispatch
     * counts: in-flight counts follow the feed alone, which sees every attempt's end in order. A decision taken again
     * after a conflicting append dispatches the same attempts, which are counted once.
     */
    void decided(List<WorkflowEvent> events) {
        boolean counted = false;
        for (WorkflowEvent e : events) {
            if (e instanceof TaskDispatched d) {
                counted |= countDispatch(d);
            }
        }
        if (counted) {
            version.incrementAndGet();
        }
    }

    /** Counts a dispatch once, whichever of the decider and the feed reports it first. */
    private boolean countDispatch(TaskDispatched d) {
        synchronized (countedDispatches) {
            if (!countedDispatches.add(d.idempotencyKey())) {
                return false;
            }
        }
        for (String key : keys(d.target())) {
            dispatched.computeIfAbsent(key, id -> new AtomicLong()).incrementAndGet();
        }
        return true;
    }

    /**
     * Moves an attempt in flight from the endpoint it ran on to the one it runs on now: the old endpoint's slot is
     * free (and counted as ended since the read, so that the projection's older count of it is discounted), the new
     * one's taken. The service's count does not change. An attempt this node never saw dispatched is in the
     * projection only, which moves it in its turn.
     */
    private boolean switched(TaskEndpointSwitched s) {
        String key = s.taskId() + ":" + s.attempt();
        DispatchTarget before = targetOfAttempt.get(key);
        if (before == null || s.endpointId().equals(before.endpointId())) {
            return false;
        }
        DispatchTarget after = new DispatchTarget(before.serviceId(), before.serviceName(), before.hubId(),
                s.endpointId());
        targetOfAttempt.put(key, after);
        if (before.endpointId() != null) {
            String from = endpointKey(before.serviceId(), before.endpointId());
            inFlight.get(from).updateAndGet(n -> Math.max(0, n - 1));
            endedSinceRead.computeIfAbsent(from, id -> new AtomicInteger()).incrementAndGet();
        }
        inFlight.computeIfAbsent(endpointKey(after.serviceId(), after.endpointId()), id -> new AtomicInteger())
                .incrementAndGet();
        version.incrementAndGet();
        return true;
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

    /**
     * Attempts dispatched to the endpoint ever (what round robin evens out): those this node saw, plus those before
     * it started as far as the projection has shown them ({@link #projectedDispatches}), never less than the
     * projection's own count. A projection that lags behind the streams never takes back what this node counted.
     */
    long dispatched(String serviceId, String endpointId, long projected) {
        String key = endpointKey(serviceId, endpointId);
        AtomicLong seen = dispatched.get(key);
        long live = seen == null ? 0 : seen.get();
        return Math.max(projected, dispatchedBefore.getOrDefault(key, 0L) + live);
    }

    /**
     * The projection counted {@code projected} dispatches to the endpoint; read after it: whatever it counts beyond
     * what this node saw was dispatched before the node started (or is about to reach its feed). The largest such
     * difference is kept, so a read made while the projection lagged changes nothing.
     */
    void projectedDispatches(String serviceId, String endpointId, long projected) {
        String key = endpointKey(serviceId, endpointId);
        AtomicLong seen = dispatched.get(key);
        long before = projected - (seen == null ? 0 : seen.get());
        dispatchedBefore.merge(key, before, Math::max);
    }

    /** The projections are about to be read: they include what ended until now, or soon will. */
    void projectionRead() {
        endedSinceRead.clear();
        version.incrementAndGet();
    }

    /** Changes whenever a count changes. */
    long version() {
        return version.get();
    }
}

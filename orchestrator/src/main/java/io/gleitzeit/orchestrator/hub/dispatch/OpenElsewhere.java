package io.gleitzeit.orchestrator.hub.dispatch;

import io.gleitzeit.event.TaskDispatched;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open attempts of the cluster that this hub does not deliver: dispatched to a service whose socket another hub
 * holds, or held by no hub at the moment of the dispatch. A hub remembers them from its commit feed until they end,
 * because a service can move here with them in flight: its hub died, restarted, or lost the connection, and the
 * dispatch was decided from a view that still named the old hub. When such a service registers here, this hub
 * delivers its attempts; when this hub releases such a service, their workflows are told. Not thread-safe: the
 * relay's lock guards it. Bounded: past {@link #LIMIT} attempts the oldest are forgotten (they are also recorded in
 * Redis by the hub they were addressed to, see {@code ServiceSessions}).
 */
final class OpenElsewhere {
    static final int LIMIT = 100_000;

    /** One remembered attempt: its dispatch event and when it was appended. */
    record Attempt(String workflowId, TaskDispatched dispatch, Instant at) {
        String serviceId() {
            return dispatch.target().serviceId();
        }
    }

    private final Map<String, Attempt> byKey = new LinkedHashMap<>(256, 0.75f) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Attempt> eldest) {
            return size() > LIMIT;
        }
    };

    void remember(String workflowId, TaskDispatched dispatch, Instant at) {
        byKey.put(dispatch.idempotencyKey(), new Attempt(workflowId, dispatch, at));
    }

    /** The attempt ended (or this hub now delivers it). */
    void forget(String key) {
        byKey.remove(key);
    }

    /** Removes and returns the attempts of a service, in dispatch order: this hub delivers them from now on. */
    List<Attempt> takeFor(String serviceId) {
        List<Attempt> taken = new ArrayList<>();
        byKey.values().removeIf(a -> {
            if (a.serviceId().equals(serviceId)) {
                taken.add(a);
                return true;
            }
            return false;
        });
        return taken;
    }

    /** The attempts of a service, idempotency key → workflow, without removing them. */
    Map<String, String> of(String serviceId) {
        Map<String, String> out = new LinkedHashMap<>();
        byKey.forEach((key, a) -> {
            if (a.serviceId().equals(serviceId)) {
                out.put(key, a.workflowId());
            }
        });
        return out;
    }
}

package io.gleitzeit.services.sdk;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which attempts (by idempotency key {@code task_id:attempt}) are running or finished, so that a repeated
 * {@code task:assign} never runs an attempt twice. Finished keys are remembered up to a bound, oldest forgotten first.
 */
final class AttemptLedger {
    /** What to do with an assignment. */
    enum Admission {
        /** Never seen: run it. */
        NEW,
        /** The same attempt is running (or waiting for a worker): do not run it again. */
        RUNNING,
        /** The same attempt already finished: do not run it again. */
        FINISHED
    }

    private final Set<String> running = new HashSet<>();
    private final Map<String, Boolean> finished;

    AttemptLedger(int finishedCapacity) {
        this.finished = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > finishedCapacity;
            }
        };
    }

    /** Admits a key as running if it was never seen; otherwise says why not. */
    synchronized Admission admit(String key) {
        if (running.contains(key)) {
            return Admission.RUNNING;
        }
        if (finished.containsKey(key)) {
            return Admission.FINISHED;
        }
        running.add(key);
        return Admission.NEW;
    }

    /** Records that an attempt finished, whatever the outcome. */
    synchronized void finish(String key) {
        running.remove(key);
        finished.put(key, Boolean.TRUE);
    }

    synchronized int finishedCount() {
        return finished.size();
    }
}

package io.gleitzeit.services.sdk;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Results and failures not yet acknowledged by a hub. An entry leaves only on the hub's ack; everything still here
 * is sent again after a reconnect, so a dropped socket never loses a result.
 */
final class Outbox {
    /** One report waiting for its ack. */
    record Report(String key, String event, Object payload) {
    }

    private final Map<String, Report> pending = new ConcurrentHashMap<>();

    /** Adds a report; a report with the same key replaces the earlier one. */
    Report put(String key, String event, Object payload) {
        Report report = new Report(key, event, payload);
        pending.put(key, report);
        return report;
    }

    void acknowledged(String key) {
        pending.remove(key);
    }

    boolean contains(String key) {
        return pending.containsKey(key);
    }

    List<Report> all() {
        return List.copyOf(pending.values());
    }

    int size() {
        return pending.size();
    }
}

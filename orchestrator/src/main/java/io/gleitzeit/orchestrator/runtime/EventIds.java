package io.gleitzeit.orchestrator.runtime;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: the same command decided again (after a version conflict, or redelivered to another
 * replica) produces events with the same ids, so audits can tell a repeat from a new fact.
 */
final class EventIds {
    private EventIds() {
    }

    /** The id of the {@code index}-th event caused by {@code commandId}: a name-based (v3) UUID. */
    static String of(String commandId, int index) {
        return UUID.nameUUIDFromBytes((commandId + "#" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

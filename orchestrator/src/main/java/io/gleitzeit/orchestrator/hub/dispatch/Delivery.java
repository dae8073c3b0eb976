package io.gleitzeit.orchestrator.hub.dispatch;

import io.gleitzeit.protocol.TaskAssignment;
import java.time.Instant;

/** One attempt this hub holds for a service: queued, or sent and not yet ended. Guarded by the relay's lock. */
final class Delivery {
    final String workflowId;
    final TaskAssignment assignment;
    int sends;
    boolean received;
    Instant firstSentAt;

    Delivery(String workflowId, TaskAssignment assignment) {
        this.workflowId = workflowId;
        this.assignment = assignment;
    }

    String key() {
        return assignment.idempotencyKey();
    }
}

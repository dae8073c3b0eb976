package io.gleitzeit.log;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EventEnvelope;
import java.util.concurrent.CompletionStage;

/** Appends events. The decider is the only writer of workflow streams; hubs append cluster events. */
public interface EventAppender {

    /**
     * Appends a decision atomically in one round trip: the events to the workflow's stream and its partition's event
     * stream, the timer changes, the ready-queue change. Completes exceptionally with
     * {@link WrongExpectedVersionException} when the workflow is not at the expected version; nothing is written then.
     */
    CompletionStage<AppendResult> append(AppendRequest request);

    /** Appends a cluster event (service registered, endpoint status, …) to the cluster stream. */
    CompletionStage<StreamPosition> appendClusterEvent(EventEnvelope<ClusterEvent> event);
}

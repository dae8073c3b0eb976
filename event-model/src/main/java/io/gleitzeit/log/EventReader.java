package io.gleitzeit.log;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Reads recorded events. Reading never changes anything. */
public interface EventReader {

    /**
     * The events of one workflow with versions greater than {@code afterVersion}, in order, without scanning other
     * workflows. Empty when the workflow does not exist (or has nothing newer).
     */
    CompletionStage<List<EventEnvelope<WorkflowEvent>>> readWorkflow(String workflowId, long afterVersion);

    /** Up to {@code limit} cluster events after {@code after}, with their positions. */
    CompletionStage<List<Positioned<EventEnvelope<ClusterEvent>>>> readClusterEvents(StreamPosition after, int limit);

    /** Up to {@code limit} commits of one partition's event stream after {@code after}. */
    CompletionStage<List<Commit>> readPartition(int partition, StreamPosition after, int limit);

    /** Ids of the workflows of a partition, oldest submission first, from {@code offset}. */
    CompletionStage<List<String>> listWorkflows(int partition, long offset, int limit);
}

package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.orchestrator.hub.rooms.StatusNames;
import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.AckError;
import io.gleitzeit.orchestrator.hub.transport.EventHandler;
import io.gleitzeit.orchestrator.hub.transport.HubClient;
import io.gleitzeit.orchestrator.hub.transport.Problem;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.protocol.WorkflowListRequest;
import io.gleitzeit.state.WorkflowStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code workflow:list} (ext): the newest workflows first, from the workflow summaries projection (so a workflow
 * submitted a moment ago may show up a moment later).
 */
final class ListQuery implements EventHandler<WorkflowListRequest> {
    /** How many workflows a list without {@code limit} returns. */
    static final int DEFAULT_LIMIT = 100;

    private static final Set<WorkflowStatus> LISTED = EnumSet.of(WorkflowStatus.RUNNING, WorkflowStatus.COMPLETED,
            WorkflowStatus.FAILED, WorkflowStatus.CANCELLED);

    private final WorkflowSummaries summaries;

    ListQuery(WorkflowSummaries summaries) {
        this.summaries = summaries;
    }

    @Override
    public void handle(HubClient client, WorkflowListRequest request, Ack ack) {
        List<Problem> problems = new ArrayList<>();
        Optional<WorkflowStatus> status = Optional.empty();
        if (request.status() != null) {
            status = StatusNames.workflowStatus(request.status()).filter(LISTED::contains);
            if (status.isEmpty()) {
                problems.add(new Problem("$.status",
                        "must be one of running, completed, failed, cancelled, was '" + request.status() + "'"));
            }
        }
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        if (limit > WorkflowSummaries.MAX_LIMIT) {
            problems.add(new Problem("$.limit", "must be at most " + WorkflowSummaries.MAX_LIMIT + ", was " + limit));
        }
        if (!problems.isEmpty()) {
            ack.error(AckError.badRequest("the workflow:list payload is invalid", problems));
            return;
        }
        ack.completeWith(summaries.list(status, limit)
                .thenApply(found -> Map.of("workflows", found.stream().map(SummaryView::of).toList())));
    }
}

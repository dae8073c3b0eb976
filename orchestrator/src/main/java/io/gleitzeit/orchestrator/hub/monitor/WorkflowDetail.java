package io.gleitzeit.orchestrator.hub.monitor;

import io.gleitzeit.protocol.MonitorEvent;
import java.time.Instant;
import java.util.List;

/**
 * The answer to {@code monitor:workflow}: a workflow's task graph and timeline, folded from its own events.
 *
 * @param workflowId  the workflow
 * @param name        its name
 * @param status      {@code running}, {@code completed}, {@code failed} or {@code cancelled}
 * @param submittedAt when it was submitted
 * @param finishedAt  when it finished, or {@code null}
 * @param tasks       its tasks in document order: the nodes of the graph, with their dependencies as edges
 * @param timeline    its transitions in order (progress reports left out)
 */
public record WorkflowDetail(
        String workflowId, String name, String status, Instant submittedAt, Instant finishedAt, List<Task> tasks,
        List<MonitorEvent> timeline) {

    public WorkflowDetail {
        tasks = List.copyOf(tasks);
        timeline = List.copyOf(timeline);
    }

    /**
     * One task of the graph.
     *
     * @param taskId       {@code <workflow_id>/<index>}
     * @param name         its name in the document
     * @param type         {@code text}, {@code function}, {@code http}, …
     * @param dependencies the task ids it waits for
     * @param status       {@code pending}, {@code ready}, {@code dispatched}, {@code running}, {@code completed}, …
     * @param attempt      the current or last attempt (0 before the first)
     * @param serviceName  where the current or last attempt went, or {@code null}
     * @param dispatchedAt when the current or last attempt was dispatched, or {@code null}
     * @param finishedAt   when it reached a terminal status, or {@code null}
     * @param error        the last error message, or {@code null}
     */
    public record Task(
            String taskId, String name, String type, List<String> dependencies, String status, int attempt,
            String serviceName, Instant dispatchedAt, Instant finishedAt, String error) {
        public Task {
            dependencies = List.copyOf(dependencies);
        }
    }
}

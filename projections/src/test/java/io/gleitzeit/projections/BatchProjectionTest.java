package io.gleitzeit.projections;

import static io.gleitzeit.projections.EventHistory.completed;
import static io.gleitzeit.projections.EventHistory.dispatched;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.projections.load.LoadAnomalies;
import io.gleitzeit.projections.load.LoadView;
import io.gleitzeit.projections.load.ServiceLoad;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.projections.workflows.WorkflowSummary;
import io.gleitzeit.projections.workflows.WorkflowSummaryModel;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.state.testing.Workflows;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch task's units in the read models: each unit's dispatch counts in flight on its service and ends with it; the
 * batch task's own completion ends nothing; summaries show the batch task, not its units, without anomalies.
 */
class BatchProjectionTest extends ProjectionTestSupport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private void submitBatch(String workflowId) {
        history.submit(Workflows.workflow(workflowId).name("batch")
                .function("Each", "f", t -> t.batch(JSON.arrayNode().add(1).add(2), 2)).build());
        history.commit(workflowId, new TaskReady(workflowId + "/0", 1), new TaskBatchExpanded(workflowId + "/0", 1, 2),
                new TaskReady(workflowId + "/0[0]", 1), new TaskReady(workflowId + "/0[1]", 1));
        history.commit(workflowId, dispatched(workflowId + "/0[0]", 1, "svc-fn", null),
                dispatched(workflowId + "/0[1]", 1, "svc-fn", null));
    }

    @Test
    void everyUnitDispatchCountsInFlightWhileTheSummaryShowsTheBatchTaskRunning() {
        history.register("svc-fn", "function", 4, List.of("python_execution"));
        submitBatch("wf-b");
        Projector projector = startProjector("p1");
        awaitCaughtUp(projector);

        ServiceLoad load = new LoadView(reads, layout).service("svc-fn").toCompletableFuture().join().orElseThrow();
        assertThat(load.inFlight()).isEqualTo(2);
        WorkflowSummary summary = new WorkflowSummaries(reads, layout).get("wf-b").toCompletableFuture().join()
                .orElseThrow();
        assertThat(summary.totalTasks()).isEqualTo(1);
        assertThat(summary.count(TaskStatus.BATCH_RUNNING)).isEqualTo(1);
    }

    @Test
    void completedUnitsAndTheBatchCompletionLeaveNothingInFlightAndNoAnomaly() {
        history.register("svc-fn", "function", 4, List.of("python_execution"));
        submitBatch("wf-b");
        history.commit("wf-b", completed("wf-b/0[0]", 1, "svc-fn", 10L), completed("wf-b/0[1]", 1, "svc-fn", 30L),
                new TaskCompleted("wf-b/0", 1, JSON.arrayNode().add("done").add("done"), null, null, null, null),
                new WorkflowCompleted(1, Map.of()));
        submitBatch("wf-c");
        history.commit("wf-c", new TaskCancelled("wf-c/0[0]", 1, "user"), new TaskCancelled("wf-c/0[1]", 1, "user"),
                new TaskCancelled("wf-c/0", 0, "user"), new WorkflowCancelled("user", "tester"));
        Projector projector = startProjector("p1");
        awaitCaughtUp(projector);

        LoadView load = new LoadView(reads, layout);
        ServiceLoad fn = load.service("svc-fn").toCompletableFuture().join().orElseThrow();
        assertThat(fn.inFlight()).isZero();
        assertThat(fn.tasksCompleted()).isEqualTo(2);
        assertThat(load.anomalies().toCompletableFuture().join()).isEqualTo(new LoadAnomalies(0, 0));
        WorkflowSummaries summaries = new WorkflowSummaries(reads, layout);
        WorkflowSummary b = summaries.get("wf-b").toCompletableFuture().join().orElseThrow();
        assertThat(b.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(b.count(TaskStatus.COMPLETED)).isEqualTo(1);
        assertThat(summaries.get("wf-c").toCompletableFuture().join().orElseThrow().count(TaskStatus.CANCELLED))
                .isEqualTo(1);
        WorkflowSummaryModel model = new WorkflowSummaryModel();
        @SuppressWarnings("unchecked")
        Map<String, String> totals = (Map<String, String>) dump(model, currentGeneration(model)).get("totals");
        assertThat(totals).containsEntry("anomalies", "0");
    }
}

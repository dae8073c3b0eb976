package io.gleitzeit.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.state.testing.History;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;

/**
 * Histories of a workflow whose first task {@link #EACH} is a batch over three elements, at most two units at a time,
 * each unit tried up to twice; {@link #AFTER} depends on it.
 */
final class BatchStory {
    static final WorkflowDefinition WORKFLOW = Workflows.workflow("bw")
            .function("Each", "square", t -> t.param("args", JsonNodeFactory.instance.arrayNode().add("{{item}}"))
                    .batch(JsonNodeFactory.instance.arrayNode().add(1).add(2).add(3), 2)
                    .retries(2, Duration.ofSeconds(1)))
            .function("After", "report", "Each")
            .build();
    static final String EACH = "bw/0";
    static final String AFTER = "bw/1";

    private BatchStory() {
    }

    static String unit(int item) {
        return BatchProgress.unitId(EACH, item);
    }

    /** The batch task is ready, its list not yet resolved. */
    static History ready() {
        return History.submitted(WORKFLOW).then(new TaskReady(EACH, 1));
    }

    /** The batch resolved its three elements; no unit released yet. */
    static History expanded() {
        return ready().then(new TaskBatchExpanded(EACH, 1, 3));
    }

    /** Units 0 and 1 run. */
    static History twoRunning() {
        return expanded().then(new TaskReady(unit(0), 1), new TaskReady(unit(1), 1),
                History.dispatched(unit(0), 1), new TaskAccepted(unit(0), 1, "svc-1"),
                History.dispatched(unit(1), 1), new TaskAccepted(unit(1), 1, "svc-1"));
    }

    /** Every unit completed with its element squared. */
    static History allUnitsCompleted() {
        return twoRunning().then(History.completed(unit(0), 1, "1"), new TaskReady(unit(2), 1),
                History.dispatched(unit(2), 1), History.completed(unit(1), 1, "4"),
                History.completed(unit(2), 1, "9"));
    }
}

package io.gleitzeit.orchestrator.hub.monitor;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.EventReader;
import io.gleitzeit.protocol.MonitorEvent;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Reads one workflow's events and folds them into its {@link WorkflowDetail}. */
final class WorkflowDetails {
    private final EventReader reader;
    private final Supplier<ActivityDescriber> describers;

    WorkflowDetails(EventReader reader, Supplier<ActivityDescriber> describers) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.describers = Objects.requireNonNull(describers, "describers");
    }

    /** The workflow's detail, or empty when no workflow has that id. */
    CompletionStage<Optional<WorkflowDetail>> get(String workflowId) {
        return reader.readWorkflow(workflowId, 0).thenApply(events -> detail(workflowId, events));
    }

    private Optional<WorkflowDetail> detail(String workflowId, List<EventEnvelope<WorkflowEvent>> events) {
        WorkflowState state = WorkflowEvolver.fold(workflowId, events);
        if (!state.isSubmitted()) {
            return Optional.empty();
        }
        List<WorkflowDetail.Task> tasks = new ArrayList<>();
        for (TaskState task : state.tasksInOrder()) {
            tasks.add(new WorkflowDetail.Task(task.taskId(), task.name(),
                    state.definitionOf(task).type().wireName(), state.dependenciesOf(task.taskId()),
                    WorkflowOverview.wireName(task.status()), task.attempt(),
                    task.target() == null ? null : task.target().serviceName(), task.dispatchedAt(),
                    task.finishedAt(), task.lastError() == null ? null : task.lastError().message()));
        }
        ActivityDescriber describer = describers.get();
        List<MonitorEvent> timeline = new ArrayList<>();
        for (EventEnvelope<WorkflowEvent> envelope : events) {
            describer.describe(envelope).ifPresent(timeline::add);
        }
        return Optional.of(new WorkflowDetail(workflowId, state.definition().name(),
                WorkflowOverview.wireName(state.status()), state.submittedAt(), state.finishedAt(), tasks, timeline));
    }
}

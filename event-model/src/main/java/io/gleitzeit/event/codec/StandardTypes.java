package io.gleitzeit.event.codec;

import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.DispatchReadyTasks;
import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventParked;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;

/**
 * The wire names and schema versions of every event and command this version writes. A changed event gets a new
 * version here and an upcaster from the previous one; {@code docs/events.md} lists the same table.
 */
public final class StandardTypes {
    private StandardTypes() {
    }

    /** Every event type. */
    public static TypeRegistry<Event> events() {
        return TypeRegistry.<Event>newBuilder()
                .register(WorkflowSubmitted.class, "workflow.submitted", 1)
                .register(WorkflowCompleted.class, "workflow.completed", 1)
                .register(WorkflowFailed.class, "workflow.failed", 1)
                .register(WorkflowCancelled.class, "workflow.cancelled", 1)
                .register(TaskReady.class, "task.ready", 1)
                .register(TaskDispatched.class, "task.dispatched", 1)
                .register(TaskAccepted.class, "task.accepted", 1)
                .register(TaskProgressed.class, "task.progressed", 1)
                .register(TaskCompleted.class, "task.completed", 1)
                .register(TaskFailed.class, "task.failed", 1)
                .register(TaskTimedOut.class, "task.timed_out", 1)
                .register(TaskRetryScheduled.class, "task.retry_scheduled", 1)
                .register(TaskCancelled.class, "task.cancelled", 1)
                .register(TaskSkipped.class, "task.skipped", 1)
                .register(TaskResultDiscarded.class, "task.result_discarded", 1)
                .register(TaskBatchExpanded.class, "task.batch_expanded", 1)
                .register(TaskEndpointSwitched.class, "task.endpoint_switched", 1)
                .register(ServiceRegistered.class, "service.registered", 1)
                .register(ServiceDisconnected.class, "service.disconnected", 1)
                .register(EndpointStatusReported.class, "endpoint.status_reported", 1)
                .register(EventParked.class, "event.parked", 1)
                .build();
    }

    /** Every command type. */
    public static TypeRegistry<WorkflowCommand> commands() {
        return TypeRegistry.<WorkflowCommand>newBuilder()
                .register(SubmitWorkflow.class, "submit_workflow", 1)
                .register(ReportTaskAccepted.class, "report_task_accepted", 1)
                .register(ReportTaskProgress.class, "report_task_progress", 1)
                .register(ReportTaskCompleted.class, "report_task_completed", 1)
                .register(ReportTaskFailed.class, "report_task_failed", 1)
                .register(CancelWorkflow.class, "cancel_workflow", 1)
                .register(FireTimer.class, "fire_timer", 1)
                .register(DispatchReadyTasks.class, "dispatch_ready_tasks", 1)
                .register(ReleaseServiceTasks.class, "release_service_tasks", 1)
                .build();
    }
}

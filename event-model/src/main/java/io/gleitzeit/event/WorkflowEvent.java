package io.gleitzeit.event;

/** An event of one workflow's stream, appended with that workflow's expected version. */
public sealed interface WorkflowEvent extends Event
        permits WorkflowSubmitted, WorkflowCompleted, WorkflowFailed, WorkflowCancelled, TaskEvent, UnknownEvent {
}

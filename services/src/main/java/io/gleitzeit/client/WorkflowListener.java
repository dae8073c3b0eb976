package io.gleitzeit.client;

import io.gleitzeit.protocol.TaskCompletedNotice;
import io.gleitzeit.protocol.TaskFailedNotice;
import io.gleitzeit.protocol.TaskProgressReport;
import io.gleitzeit.protocol.TaskStatusNotice;
import io.gleitzeit.protocol.WorkflowCancelledNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.protocol.WorkflowStartedNotice;

/**
 * The room events of one workflow (PROTOCOL.md, "Clients"), as a {@link GleitzeitClient} subscription receives them.
 * Every method has an empty default; calls come one at a time, in the order the hub sent them, on the client's
 * event thread (so a listener may call the client, but should not block for long).
 */
public interface WorkflowListener {

    /** {@code workflow:started}. */
    default void onStarted(WorkflowStartedNotice started) {
    }

    /** {@code task:status} (ext): a task's status changed. */
    default void onTaskStatus(TaskStatusNotice status) {
    }

    /** {@code task:progress}: a progress report or a chunk of streamed text. */
    default void onTaskProgress(TaskProgressReport progress) {
    }

    /** {@code task:completed}. */
    default void onTaskCompleted(TaskCompletedNotice completed) {
    }

    /** {@code task:failed}: a task failed for good (a failure that is retried is a {@code task:status}). */
    default void onTaskFailed(TaskFailedNotice failed) {
    }

    /** {@code workflow:cancelled}; {@link #onCompleted} follows with status {@code cancelled}. */
    default void onCancelled(WorkflowCancelledNotice cancelled) {
    }

    /**
     * {@code workflow:completed}, whatever the outcome. After a reconnect that missed it, the client makes it from
     * the workflow's status, so it is delivered exactly once per subscription.
     */
    default void onCompleted(WorkflowCompletedNotice completed) {
    }

    /** The connection was lost; events may be missed until {@link #onReconnected()}. */
    default void onConnectionLost() {
    }

    /** Subscribed again after a reconnect. */
    default void onReconnected() {
    }
}

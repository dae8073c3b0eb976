package io.gleitzeit.cluster;

import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.protocol.TaskCompletedNotice;
import io.gleitzeit.protocol.TaskFailedNotice;
import io.gleitzeit.protocol.TaskProgressReport;
import io.gleitzeit.protocol.TaskStatusNotice;
import io.gleitzeit.protocol.WorkflowCancelledNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.protocol.WorkflowStartedNotice;
import java.util.concurrent.CompletableFuture;

/** Passes every room event on to the caller's listener and completes the result with the outcome. */
final class ForwardingListener implements WorkflowListener {
    private final WorkflowListener delegate;
    private final CompletableFuture<WorkflowCompletedNotice> result;

    ForwardingListener(WorkflowListener delegate, CompletableFuture<WorkflowCompletedNotice> result) {
        this.delegate = delegate;
        this.result = result;
    }

    @Override
    public void onStarted(WorkflowStartedNotice started) {
        delegate.onStarted(started);
    }

    @Override
    public void onTaskStatus(TaskStatusNotice status) {
        delegate.onTaskStatus(status);
    }

    @Override
    public void onTaskProgress(TaskProgressReport progress) {
        delegate.onTaskProgress(progress);
    }

    @Override
    public void onTaskCompleted(TaskCompletedNotice completed) {
        delegate.onTaskCompleted(completed);
    }

    @Override
    public void onTaskFailed(TaskFailedNotice failed) {
        delegate.onTaskFailed(failed);
    }

    @Override
    public void onCancelled(WorkflowCancelledNotice cancelled) {
        delegate.onCancelled(cancelled);
    }

    @Override
    public void onCompleted(WorkflowCompletedNotice completed) {
        try {
            delegate.onCompleted(completed);
        } finally {
            result.complete(completed);
        }
    }

    @Override
    public void onConnectionLost() {
        delegate.onConnectionLost();
    }

    @Override
    public void onReconnected() {
        delegate.onReconnected();
    }
}

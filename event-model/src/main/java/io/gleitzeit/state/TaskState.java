package io.gleitzeit.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.TaskError;
import java.time.Instant;
import java.util.Objects;
import org.pcollections.HashTreePSet;
import org.pcollections.PSet;

/**
 * One task of a workflow as the fold of its events left it.
 *
 * @param taskId            {@code <workflow_id>/<index>}
 * @param name              its unique name in the workflow
 * @param index             its position in the document
 * @param status            where it stands
 * @param attempt           the current attempt: the one in flight, or the one that will be made next when
 *                          {@link TaskStatus#RETRY_WAITING}; 0 before the task was first ready
 * @param target            where the current or last attempt was dispatched (with the endpoint it last switched to),
 *                          or {@code null}
 * @param result            the result once {@link TaskStatus#COMPLETED}, else {@code null}
 * @param lastError         the error of the last failed attempt, or {@code null}
 * @param progress          0–100, as last reported for the current attempt
 * @param progressMessage   the message of that report, or empty
 * @param readyAt           when the current attempt became ready, or {@code null}
 * @param dispatchedAt      when the current or last attempt was dispatched, or {@code null}
 * @param acceptedAt        when the service started it, or {@code null}
 * @param finishedAt        when the task reached a terminal status (or its last attempt failed), or {@code null}
 * @param attemptsMade      how many attempts were dispatched
 * @param discardedAttempts stale attempts whose late results were recorded as discarded
 */
public record TaskState(
        String taskId, String name, int index, TaskStatus status, int attempt, DispatchTarget target,
        JsonNode result, TaskError lastError, int progress, String progressMessage, Instant readyAt,
        Instant dispatchedAt, Instant acceptedAt, Instant finishedAt, int attemptsMade,
        PSet<Integer> discardedAttempts) {

    public TaskState {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(progressMessage, "progressMessage");
        Objects.requireNonNull(discardedAttempts, "discardedAttempts");
    }

    /** A task waiting for its dependencies, as it stands right after submission. */
    public static TaskState pending(String taskId, String name, int index) {
        return new TaskState(taskId, name, index, TaskStatus.PENDING, 0, null, null, null, 0, "", null, null, null,
                null, 0, HashTreePSet.empty());
    }

    /** Whether the late result of {@code staleAttempt} was already recorded as discarded. */
    public boolean hasDiscarded(int staleAttempt) {
        return discardedAttempts.contains(staleAttempt);
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies with changes; used only by the fold. */
    static final class Builder {
        private final TaskState from;
        private TaskStatus status;
        private int attempt;
        private DispatchTarget target;
        private JsonNode result;
        private TaskError lastError;
        private int progress;
        private String progressMessage;
        private Instant readyAt;
        private Instant dispatchedAt;
        private Instant acceptedAt;
        private Instant finishedAt;
        private int attemptsMade;
        private PSet<Integer> discardedAttempts;

        private Builder(TaskState t) {
            from = t;
            status = t.status;
            attempt = t.attempt;
            target = t.target;
            result = t.result;
            lastError = t.lastError;
            progress = t.progress;
            progressMessage = t.progressMessage;
            readyAt = t.readyAt;
            dispatchedAt = t.dispatchedAt;
            acceptedAt = t.acceptedAt;
            finishedAt = t.finishedAt;
            attemptsMade = t.attemptsMade;
            discardedAttempts = t.discardedAttempts;
        }

        Builder status(TaskStatus value) {
            status = value;
            return this;
        }

        Builder attempt(int value) {
            attempt = value;
            return this;
        }

        Builder target(DispatchTarget value) {
            target = value;
            return this;
        }

        Builder result(JsonNode value) {
            result = value;
            return this;
        }

        Builder lastError(TaskError value) {
            lastError = value;
            return this;
        }

        Builder progress(int value, String message) {
            progress = value;
            progressMessage = message;
            return this;
        }

        Builder readyAt(Instant value) {
            readyAt = value;
            return this;
        }

        Builder dispatchedAt(Instant value) {
            dispatchedAt = value;
            return this;
        }

        Builder acceptedAt(Instant value) {
            acceptedAt = value;
            return this;
        }

        Builder finishedAt(Instant value) {
            finishedAt = value;
            return this;
        }

        Builder attemptsMade(int value) {
            attemptsMade = value;
            return this;
        }

        Builder discarded(int staleAttempt) {
            discardedAttempts = discardedAttempts.plus(staleAttempt);
            return this;
        }

        TaskState build() {
            return new TaskState(from.taskId, from.name, from.index, status, attempt, target, result, lastError,
                    progress, progressMessage, readyAt, dispatchedAt, acceptedAt, finishedAt, attemptsMade,
                    discardedAttempts);
        }
    }
}

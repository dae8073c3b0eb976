package io.gleitzeit.orchestrator.hub.clients;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.orchestrator.hub.rooms.StatusNames;
import io.gleitzeit.state.TaskState;
import java.time.Instant;

/**
 * One task in the answer to {@code workflow:status}.
 *
 * @param taskId          {@code <workflow_id>/<index>}
 * @param name            its name in the document
 * @param status          {@code pending}, {@code ready}, {@code dispatched}, {@code running}, {@code retry_waiting},
 *                        {@code completed}, {@code failed}, {@code skipped} or {@code cancelled}
 * @param attempt         the current (or next) attempt; 0 before the task was first ready
 * @param attempts        how many attempts were dispatched
 * @param progress        0–100, as last reported for the current attempt
 * @param progressMessage the message of that report, or {@code null}
 * @param result          the result once completed, else {@code null}
 * @param error           the error of the last failed attempt, or {@code null}
 * @param errorType       its type, or {@code null}
 * @param serviceId       the service of the current or last attempt, or {@code null}
 * @param finishedAt      when it finished, or {@code null}
 */
public record TaskView(
        String taskId, String name, String status, int attempt, int attempts, int progress, String progressMessage,
        JsonNode result, String error, String errorType, String serviceId, Instant finishedAt) {

    static TaskView of(TaskState t) {
        return new TaskView(t.taskId(), t.name(), StatusNames.of(t.status()), t.attempt(), t.attemptsMade(),
                t.progress(), t.progressMessage().isEmpty() ? null : t.progressMessage(), t.result(),
                t.lastError() == null ? null : t.lastError().message(),
                t.lastError() == null ? null : t.lastError().type(),
                t.target() == null ? null : t.target().serviceId(), t.finishedAt());
    }
}

package io.gleitzeit.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One task of a {@link WorkflowSnapshot}.
 *
 * @param taskId          {@code <workflow_id>/<index>}
 * @param name            its name in the document
 * @param status          {@code pending}, {@code ready}, {@code dispatched}, {@code running}, {@code retry_waiting},
 *                        {@code completed}, {@code failed}, {@code skipped} or {@code cancelled}
 * @param attempt         the current (or next) attempt
 * @param attempts        how many attempts were dispatched
 * @param progress        0–100, as last reported
 * @param progressMessage the message of that report, or {@code null}
 * @param result          the result once completed, else {@code null}
 * @param error           the error of the last failed attempt, or {@code null}
 * @param errorType       its type, or {@code null}
 * @param serviceId       the service of the current or last attempt, or {@code null}
 * @param finishedAt      when it finished, or {@code null}
 */
public record TaskSnapshot(
        String taskId, String name, String status, int attempt, int attempts, int progress, String progressMessage,
        JsonNode result, String error, String errorType, String serviceId, Instant finishedAt) {
}

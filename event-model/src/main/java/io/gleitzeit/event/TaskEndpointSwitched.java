package io.gleitzeit.event;

/**
 * The service moved a running attempt to another of its endpoints (an LLM service failing over from one Ollama host
 * to the next within the attempt). From here on the attempt runs, and counts in the load figures, on
 * {@code endpointId}; its end is counted there too. Not a new attempt: the retry policy is not involved.
 *
 * @param fromEndpointId the endpoint it ran on before (the dispatch's, or the previous switch's), or {@code null} when
 *                       it was dispatched to the service as a whole
 * @param endpointId     the endpoint it runs on now
 */
public record TaskEndpointSwitched(String taskId, int attempt, String fromEndpointId, String endpointId)
        implements TaskEvent {
    public TaskEndpointSwitched {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Checks.text(endpointId, "endpointId");
        if (endpointId.equals(fromEndpointId)) {
            throw new IllegalArgumentException("endpointId must differ from fromEndpointId, both were " + endpointId);
        }
    }
}

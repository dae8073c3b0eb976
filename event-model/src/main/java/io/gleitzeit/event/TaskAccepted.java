package io.gleitzeit.event;

/** The service acknowledged the attempt and started it. */
public record TaskAccepted(String taskId, int attempt, String serviceId) implements TaskEvent {
    public TaskAccepted {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Checks.text(serviceId, "serviceId");
    }
}

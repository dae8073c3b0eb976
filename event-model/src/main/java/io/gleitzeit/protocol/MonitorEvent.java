package io.gleitzeit.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code monitor:event} (ext): one recorded transition, as monitors show it in their "recent events" list.
 *
 * @param timestamp  when it happened (the event's {@code occurred_at})
 * @param kind       {@code workflow}, {@code task}, {@code service} or {@code endpoint}
 * @param type       the event's wire type, e.g. {@code task.completed}
 * @param workflowId the workflow, or {@code null} for service and endpoint events
 * @param taskId     the task, or {@code null} when not a task event
 * @param attempt    the task's attempt, or {@code null} when not a task event
 * @param serviceId  the service concerned (dispatch target, registered or disconnected service), or {@code null}
 * @param message    a one-line description for people
 */
@WirePayload
public record MonitorEvent(
        @WireTimestamp Instant timestamp, String kind, String type, String workflowId, String taskId, Integer attempt,
        String serviceId, String message) {
    /** {@code kind} of workflow events. */
    public static final String WORKFLOW = "workflow";
    /** {@code kind} of task events. */
    public static final String TASK = "task";
    /** {@code kind} of service registrations and disconnections. */
    public static final String SERVICE = "service";
    /** {@code kind} of endpoint status reports. */
    public static final String ENDPOINT = "endpoint";

    public MonitorEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Require.text(kind, "kind");
        Require.text(type, "type");
        message = Objects.requireNonNullElse(message, "");
    }
}

package io.gleitzeit.services.sdk;

import java.net.URI;

/**
 * A snapshot of a running service client.
 *
 * @param registered     whether a hub acknowledged the registration and the connection holds
 * @param hub            the hub it is registered with, or {@code null}
 * @param activeTasks    attempts running now
 * @param tasksCompleted completed since start
 * @param tasksFailed    failed (including timed out) since start
 * @param pendingReports results and failures not yet acknowledged by a hub
 */
public record ServiceStatus(
        boolean registered, URI hub, int activeTasks, long tasksCompleted, long tasksFailed, int pendingReports) {
}

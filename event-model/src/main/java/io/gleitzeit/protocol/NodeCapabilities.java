package io.gleitzeit.protocol;

import java.util.List;

/**
 * What a service can run, as registered.
 *
 * @param taskTypes           the {@code external_task_type}s it handles, e.g. {@code python_execution}
 * @param maxConcurrentTasks  how many tasks it runs at once (at least 1; absent means 1)
 * @param externalService     always {@code true} for services
 * @param serviceCapabilities free-form capability names of the original protocol
 */
@WirePayload
public record NodeCapabilities(
        List<String> taskTypes, int maxConcurrentTasks, boolean externalService, List<String> serviceCapabilities) {
    public NodeCapabilities {
        taskTypes = Require.list(taskTypes);
        maxConcurrentTasks = Math.max(1, maxConcurrentTasks);
        serviceCapabilities = Require.list(serviceCapabilities);
    }

    /** The capabilities of an external service handling the given task types. */
    public static NodeCapabilities of(List<String> taskTypes, int maxConcurrentTasks) {
        return new NodeCapabilities(taskTypes, maxConcurrentTasks, true, List.of());
    }
}

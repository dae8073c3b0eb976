package io.gleitzeit.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.gleitzeit.protocol.ServiceType;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.services.sdk.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The benchmark's function service handler: the no-op function, timed. It records, per task, the hop from the
 * dispatch decision ({@code assigned_at}) to the handler starting, and the moment the handler returned, which the
 * client side pairs with the completion event's time. Shared by every service of a run (one JVM, one clock).
 */
final class BenchService implements TaskHandler {
    final ConcurrentLinkedQueue<Long> dispatchToServiceMicros = new ConcurrentLinkedQueue<>();
    final Map<String, Instant> returnedAt = new ConcurrentHashMap<>();
    private volatile boolean measuring;

    /** The service's task types and function names, as the function service announces them. */
    static List<String> taskTypes() {
        return List.of(FunctionService.PYTHON_EXECUTION, FunctionService.FUNCTION);
    }

    static ServiceType serviceType() {
        return ServiceType.FUNCTION;
    }

    /** Starts recording (after the warm-up) with empty figures. */
    void measure() {
        dispatchToServiceMicros.clear();
        returnedAt.clear();
        measuring = true;
    }

    @Override
    public Object handle(TaskContext context) {
        Instant start = Instant.now();
        Instant assigned = context.assignment().assignedAt();
        JsonNode result = BooleanNode.TRUE;
        if (measuring) {
            if (assigned != null) {
                dispatchToServiceMicros.add(Duration.between(assigned, start).toNanos() / 1000);
            }
            returnedAt.put(context.taskId(), Instant.now());
        }
        return result;
    }
}

package io.gleitzeit.services.sdk;

import io.gleitzeit.protocol.TaskAssignment;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs one attempt of a task. Called on a worker thread of the service's bounded pool; it may block.
 *
 * <p>The returned value becomes the {@code result} of {@code task:completed} (any value Jackson can write, a
 * {@code JsonNode} as is). To fail, throw: a {@link TaskFailedException} says exactly how; any other exception is
 * classified by {@link TaskFault#of(Throwable)}. A handler that is cancelled or runs out of time is interrupted; it
 * should stop promptly (blocking calls throw {@link InterruptedException}, loops check
 * {@link TaskContext#isCancelled()}).
 */
@FunctionalInterface
public interface TaskHandler {

    Object handle(TaskContext context) throws Exception;

    /**
     * A limit of the handler's own for this assignment, applied on top of the assignment's {@code timeout} and
     * {@code deadline}; the earliest wins. None by default.
     */
    default Optional<Duration> timeLimit(TaskAssignment assignment) {
        return Optional.empty();
    }
}

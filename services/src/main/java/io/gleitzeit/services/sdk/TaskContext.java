package io.gleitzeit.services.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.protocol.Usage;
import java.time.Instant;
import java.util.Optional;

/** What a {@link TaskHandler} knows about the attempt it runs, and how it reports along the way. */
public interface TaskContext {

    /** The assignment as the hub sent it. */
    TaskAssignment assignment();

    default String taskId() {
        return assignment().taskId();
    }

    default int attempt() {
        return assignment().attempt();
    }

    /**
     * The handler's input: the assignment's {@code external_parameters} when present, else its {@code parameters}.
     * Always an object.
     */
    default JsonNode parameters() {
        JsonNode external = assignment().externalParameters();
        return external.isObject() && !external.isEmpty() ? external : assignment().parameters();
    }

    /** Reports how far the attempt is (0–100) with a message; dropped while disconnected. */
    void progress(double percent, String message);

    /** Streams a piece of output text (LLM tokens) to the workflow's subscribers; dropped while disconnected. */
    void chunk(String text);

    /** Token counts to send with the completion. */
    void usage(Usage usage);

    /**
     * The endpoint that does the work, sent as the completion's {@code endpoint_id}; without it the completion
     * carries the endpoint the hub chose in the assignment, if any. When the assignment named an endpoint and this
     * is another (the handler failed over within the attempt), the hub is told at once ({@code task:progress} with
     * {@code endpoint_id}), so its load figures count the attempt on this endpoint from then on.
     */
    void endpoint(String endpointId);

    /** Whether the attempt was cancelled or ran out of time; the result would be discarded. */
    boolean isCancelled();

    /** The moment the attempt times out, if it has a limit. */
    Optional<Instant> deadline();
}

package io.gleitzeit.orchestrator.hub.transport;

import java.util.concurrent.CompletionStage;

/**
 * The answer to one client request. Exactly the first answer counts; later ones are ignored and return
 * {@code false}. A handler must answer on every path: if it throws, the hub answers {@code internal} for it; if it
 * never answers, the hub answers {@code timeout} after {@link HubTransportOptions#handlerAckTimeout()}.
 *
 * <p>Answering is thread-safe and may happen later, on any thread (say, after a Redis write completed).
 * When the client passed no ack callback, answering is accepted and sends nothing.
 */
public interface Ack {

    /** Whether the client asked for an answer (passed an ack callback). */
    boolean requested();

    /** Whether an answer has been given. */
    boolean answered();

    /** Answers {@code {"ok": true}}. */
    boolean ok();

    /**
     * Answers {@code {"ok": true, ...}} with the fields of {@code body} (a record, map or JSON object) beside
     * {@code ok}, in snake_case.
     *
     * @throws IllegalArgumentException when {@code body} is not a JSON object (nothing is answered then)
     */
    boolean ok(Object body);

    /** Answers {@code {"ok": false, "error": {...}}}. */
    boolean error(AckError error);

    /** Answers {@code {"ok": false, "error": {code, message, details: []}}}. */
    default boolean error(String code, String message) {
        return error(AckError.of(code, message));
    }

    /**
     * Answers when {@code result} completes: {@link #ok(Object)} with its value ({@link #ok()} for {@code null}),
     * or {@code internal} when it fails.
     */
    void completeWith(CompletionStage<?> result);
}

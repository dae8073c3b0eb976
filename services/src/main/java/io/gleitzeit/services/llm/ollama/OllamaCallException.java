package io.gleitzeit.services.llm.ollama;

/** A call to one Ollama endpoint failed; {@link Kind} says whose fault it was and what may be tried next. */
public final class OllamaCallException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whose fault, and what follows. */
    public enum Kind {
        /** The endpoint failed (unreachable, timed out, 5xx, broke off): it counts against its breaker, and
         * another endpoint may answer. */
        ENDPOINT,
        /** The endpoint does not have the model (404): another endpoint may; the endpoint itself is fine. */
        MODEL_MISSING,
        /** The request itself was refused (4xx): no endpoint will take it. */
        REJECTED
    }

    private final Kind kind;
    private final String endpointId;

    OllamaCallException(Kind kind, String endpointId, String message, Throwable cause) {
        super("endpoint " + endpointId + ": " + message, cause);
        this.kind = kind;
        this.endpointId = endpointId;
    }

    public Kind kind() {
        return kind;
    }

    public String endpointId() {
        return endpointId;
    }
}

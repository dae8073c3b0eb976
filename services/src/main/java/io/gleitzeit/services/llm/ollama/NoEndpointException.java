package io.gleitzeit.services.llm.ollama;

/** No endpoint can take a request: none serves the model, or none that does is healthy. */
public final class NoEndpointException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why no endpoint could be used. */
    public enum Reason {
        /** No configured endpoint serves the model (allow-lists and discovered models). */
        MODEL_NOT_SERVED,
        /** Endpoints serve it but every one is unhealthy, removed, or already failed this request. */
        NONE_AVAILABLE
    }

    private final Reason reason;

    NoEndpointException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

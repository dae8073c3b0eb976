package io.gleitzeit.client;

import io.gleitzeit.protocol.AckError;
import io.gleitzeit.protocol.ErrorDetail;
import java.util.List;

/**
 * A request the hub refused, or that could not reach it. {@link #code()} is the hub's {@code error.code}
 * ({@code invalid_workflow}, {@code not_found}, {@code forbidden}, …) or one of the client's own:
 * {@link #CONNECT_FAILED}, {@link #DISCONNECTED}, {@link #TIMEOUT}, {@link #CLOSED}.
 */
public final class GleitzeitClientException extends RuntimeException {
    /** No hub could be reached. */
    public static final String CONNECT_FAILED = "connect_failed";
    /** The connection was lost before the answer came (or the client is reconnecting). */
    public static final String DISCONNECTED = "disconnected";
    /** The hub did not answer within {@link ClientOptions#requestTimeout()}. */
    public static final String TIMEOUT = "timeout";
    /** The client was closed. */
    public static final String CLOSED = "closed";

    private final String code;
    private final List<ErrorDetail> details;

    public GleitzeitClientException(String code, String message, List<ErrorDetail> details) {
        super(message);
        this.code = code;
        this.details = List.copyOf(details);
    }

    public GleitzeitClientException(String code, String message) {
        this(code, message, List.of());
    }

    /** The exception for a hub's error answer. */
    public static GleitzeitClientException of(AckError error) {
        return new GleitzeitClientException(error.code(), error.message(), error.details());
    }

    public String code() {
        return code;
    }

    /** The individual problems (for {@code invalid_workflow}: one per JSON path). */
    public List<ErrorDetail> details() {
        return details;
    }

    @Override
    public String getMessage() {
        return code + ": " + super.getMessage();
    }
}

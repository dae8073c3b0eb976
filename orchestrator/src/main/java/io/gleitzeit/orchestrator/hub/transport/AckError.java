package io.gleitzeit.orchestrator.hub.transport;

import java.util.List;
import java.util.Objects;

/**
 * The {@code error} of a failed request, answered as {@code {"ok": false, "error": {code, message, details}}}.
 *
 * @param code    machine-readable, snake_case ({@link #BAD_REQUEST}, {@link #FORBIDDEN}, …)
 * @param message for people
 * @param details the individual problems, by JSON path; empty when there is nothing more to say
 */
public record AckError(String code, String message, List<Problem> details) {
    /** The payload is malformed or invalid; {@code details} lists every problem. */
    public static final String BAD_REQUEST = "bad_request";
    /** The connection has not authenticated. */
    public static final String UNAUTHORIZED = "unauthorized";
    /** The connection's roles do not allow the request. */
    public static final String FORBIDDEN = "forbidden";
    /** The connection sent more requests per second than the hub allows; the request had no effect. */
    public static final String RATE_LIMITED = "rate_limited";
    /** The payload is larger than the hub accepts for the event; the request had no effect. */
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    /** The handler did not answer in time. */
    public static final String TIMEOUT = "timeout";
    /** The hub failed; the request may or may not have had an effect. */
    public static final String INTERNAL = "internal";

    public AckError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        details = List.copyOf(details);
    }

    public static AckError of(String code, String message) {
        return new AckError(code, message, List.of());
    }

    public static AckError badRequest(String message, List<Problem> details) {
        return new AckError(BAD_REQUEST, message, details);
    }
}

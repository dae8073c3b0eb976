package io.gleitzeit.protocol;

import java.util.List;

/**
 * The {@code error} of a refused request.
 *
 * @param code    machine-readable: {@code bad_request}, {@code forbidden}, {@code not_found}, {@code internal}, …
 * @param message human-readable
 * @param details the individual problems, possibly none
 */
@WirePayload
public record AckError(String code, String message, List<ErrorDetail> details) {
    public static final String BAD_REQUEST = "bad_request";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String INTERNAL = "internal";

    public AckError {
        code = code == null || code.isBlank() ? INTERNAL : code;
        message = message == null ? "" : message;
        details = Require.list(details);
    }
}

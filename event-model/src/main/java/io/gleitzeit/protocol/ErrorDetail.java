package io.gleitzeit.protocol;

/**
 * One problem behind an error answer, such as one invalid field of a workflow document.
 *
 * @param path    where, as a JSON path ({@code $.tasks[2].dependencies[0]}), or {@code null}
 * @param message what is wrong there
 */
@WirePayload
public record ErrorDetail(String path, String message) {
    public ErrorDetail {
        message = message == null ? "" : message;
    }
}

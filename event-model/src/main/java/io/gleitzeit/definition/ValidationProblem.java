package io.gleitzeit.definition;

import java.util.Objects;

/**
 * One thing wrong with a workflow document. Serialised as {@code {"path": ..., "message": ...}}, the shape of the
 * {@code details} list in a refused {@code workflow:submit}.
 *
 * @param path    JSON path of the offending value, e.g. {@code $.tasks[2].dependencies[0]}; {@code $} for the document
 * @param message what is wrong, phrased to follow the path ({@code "is required"}, {@code "must be a string, was …"})
 */
public record ValidationProblem(String path, String message) {
    public ValidationProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("path must be a JSON path starting with '$', was " + path);
        }
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}

package io.gleitzeit.orchestrator.hub.transport;

import java.util.Objects;

/**
 * One thing wrong with a request, for the {@code details} of an error ack.
 *
 * @param path    JSON path of the offending field, {@code $} for the payload itself
 * @param message what is wrong with it
 */
public record Problem(String path, String message) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }
}

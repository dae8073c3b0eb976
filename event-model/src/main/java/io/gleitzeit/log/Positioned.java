package io.gleitzeit.log;

import java.util.Objects;

/** A value read from a stream, with the position it was read at. */
public record Positioned<T>(StreamPosition position, T value) {
    public Positioned {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(value, "value");
    }
}

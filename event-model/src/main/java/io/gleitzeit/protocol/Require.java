package io.gleitzeit.protocol;

import java.util.List;
import java.util.Objects;

/** Checks for the payload records; messages name the wire field, which is what a sender can fix. */
final class Require {
    private Require() {
    }

    static String text(String value, String wireField) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(wireField + " is required and must not be blank");
        }
        return value;
    }

    /** An immutable copy without {@code null} elements; absent means empty. */
    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : value.stream().filter(Objects::nonNull).toList();
    }

    static int nonNegative(int value, String wireField) {
        if (value < 0) {
            throw new IllegalArgumentException(wireField + " must not be negative, was " + value);
        }
        return value;
    }

    static long nonNegative(long value, String wireField) {
        if (value < 0) {
            throw new IllegalArgumentException(wireField + " must not be negative, was " + value);
        }
        return value;
    }

    static <T> T orDefault(T value, T fallback) {
        return Objects.requireNonNullElse(value, fallback);
    }
}

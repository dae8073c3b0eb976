package io.gleitzeit.command;

import java.util.Objects;

/** Argument checks shared by the command records' compact constructors. */
final class Checks {
    private Checks() {
    }

    static String text(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static int attempt(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        return attempt;
    }
}

package io.gleitzeit.definition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/** Collects the problems of one document in the order they are found; the same problem twice is kept once. */
final class Problems {
    private final Set<ValidationProblem> found = new LinkedHashSet<>();

    void add(String path, String message) {
        found.add(new ValidationProblem(path, message));
    }

    /** Throws the collected problems, if any. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new WorkflowValidationException(new ArrayList<>(found));
        }
    }
}

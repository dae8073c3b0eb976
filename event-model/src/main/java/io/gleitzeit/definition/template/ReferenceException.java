package io.gleitzeit.definition.template;

/**
 * A reference could not be resolved: the task has no result yet, or the path does not exist in it. At dispatch time
 * this fails the task with a clear message instead of sending an empty string.
 */
public final class ReferenceException extends RuntimeException {
    private final TaskReference reference;

    public ReferenceException(TaskReference reference, String message) {
        super(reference.text() + ": " + message);
        this.reference = reference;
    }

    public TaskReference reference() {
        return reference;
    }
}

package io.gleitzeit.definition.template;

/**
 * A reference could not be resolved: the task has no result yet, or the path does not exist in it (or, for an
 * {@code {{item}}} reference, in the batch element). At dispatch time this fails the task with a clear message
 * instead of sending an empty string.
 */
public final class ReferenceException extends RuntimeException {
    private final TaskReference reference;

    public ReferenceException(TaskReference reference, String message) {
        super(reference.text() + ": " + message);
        this.reference = reference;
    }

    ReferenceException(ItemReference reference, String message) {
        super(reference.text() + ": " + message);
        this.reference = null;
    }

    /** The task reference that failed, or {@code null} when an item reference failed. */
    public TaskReference reference() {
        return reference;
    }
}

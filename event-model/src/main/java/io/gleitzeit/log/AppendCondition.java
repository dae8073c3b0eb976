package io.gleitzeit.log;

/**
 * The optimistic-concurrency condition of an append: the workflow's stream must be at exactly this version (0: the
 * workflow must not exist yet).
 */
public record AppendCondition(long expectedVersion) {
    public AppendCondition {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must not be negative");
        }
    }

    /** The stream must be at {@code version}. */
    public static AppendCondition expectVersion(long version) {
        return new AppendCondition(version);
    }

    /** The workflow must not exist yet. */
    public static AppendCondition expectNew() {
        return new AppendCondition(0);
    }
}

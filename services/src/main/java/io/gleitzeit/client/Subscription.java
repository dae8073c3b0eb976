package io.gleitzeit.client;

/** A listener's hold on a workflow's room events; {@link #close()} ends it. */
public interface Subscription extends AutoCloseable {

    /** The workflow followed. */
    String workflowId();

    /** The workflow's status when the subscription was made: {@code running}, {@code completed}, … */
    String initialStatus();

    /** Stops delivering to the listener; the connection leaves the room when no listener is left. */
    @Override
    void close();
}

package io.gleitzeit.orchestrator.hub.services;

/**
 * What the services side tells the rest of the hub (dispatch) about the services this hub holds. Called from I/O
 * and scheduler threads; implementations must not block.
 */
public interface ServiceLifecycle {

    /** The service registered here (first time, or again after a reconnect): deliver what it holds. */
    void registered(LocalService service);

    /** The service's socket closed; it may come back within the grace period. Hold its assignments. */
    void disconnected(String serviceId);

    /** The service is gone from this hub for good (released, or registered on another hub): drop its state. */
    void gone(String serviceId);
}

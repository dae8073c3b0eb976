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

    /**
     * The attempts of the service that this hub knows to be open, idempotency key → workflow id: those it delivers
     * and those it saw dispatched while another hub (or none) held the service. Releasing the service releases these
     * too, besides the ones recorded in Redis.
     */
    java.util.Map<String, String> openAttempts(String serviceId);
}

package io.gleitzeit.projections.registry;

/** Whether a registered service is connected now. */
public enum ServiceStatus {
    /** Registered, and no disconnect since. */
    CONNECTED,
    /** Its socket closed or it missed its heartbeats. */
    DISCONNECTED
}

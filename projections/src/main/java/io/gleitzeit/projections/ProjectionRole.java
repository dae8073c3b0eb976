package io.gleitzeit.projections;

/** What a projector does for one read model right now. */
public enum ProjectionRole {
    /** Holds the model's lease and applies new entries. */
    ACTIVE,
    /** Another process holds the lease; this one tries to take it every standby poll. */
    STANDBY,
    /** Not running. */
    STOPPED
}

package io.gleitzeit.projections;

/** Which streams a read model is derived from. */
public enum Source {
    /** The cluster stream {@code <prefix>{cluster}:events}: services, endpoints, parked entries. */
    CLUSTER,
    /** Every partition's event stream {@code <prefix>{pN}:events}: one entry per workflow commit. */
    PARTITIONS
}

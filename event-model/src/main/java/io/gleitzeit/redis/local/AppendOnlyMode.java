package io.gleitzeit.redis.local;

/** How a local Redis persists writes, and so how much a crash may lose. */
public enum AppendOnlyMode {
    /** Nothing is persisted: a restart starts empty (tests, demos). */
    OFF,
    /** AOF with {@code appendfsync everysec}: a crash loses at most about one second of writes. */
    EVERY_SECOND,
    /** AOF with {@code appendfsync always}: no acknowledged write is lost, at the cost of an fsync per write. */
    ALWAYS
}

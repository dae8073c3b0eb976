package io.gleitzeit.event.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites the stored data of one type from one schema version to the next, so old streams stay readable after an
 * event changes shape. Upcasters chain: a v1 event read by a v3 reader passes through the v1→v2 and v2→v3 ones.
 */
public interface Upcaster {

    /** The wire name of the type this upcaster rewrites. */
    String type();

    /** The version it reads; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    /**
     * Returns the data in the next version's shape. Never {@code null}; may modify and return {@code data}.
     */
    ObjectNode upcast(ObjectNode data);
}

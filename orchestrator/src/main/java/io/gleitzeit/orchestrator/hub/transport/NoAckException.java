package io.gleitzeit.orchestrator.hub.transport;

import io.gleitzeit.log.GleitzeitException;

/** A client did not answer a hub request in time, or disconnected first. Retrying (elsewhere) may succeed. */
public final class NoAckException extends GleitzeitException {

    NoAckException(String message) {
        super(message, null, true);
    }
}

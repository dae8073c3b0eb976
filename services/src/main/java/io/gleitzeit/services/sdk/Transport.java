package io.gleitzeit.services.sdk;

/** An Engine.IO transport the SDK may use, in the order given. */
public enum Transport {
    /** The fast path, and the default. */
    WEBSOCKET("websocket"),
    /** HTTP long-polling, for networks that block websockets. */
    POLLING("polling");

    private final String engineIoName;

    Transport(String engineIoName) {
        this.engineIoName = engineIoName;
    }

    /** The name Engine.IO uses for it. */
    public String engineIoName() {
        return engineIoName;
    }
}

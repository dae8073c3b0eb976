package io.gleitzeit.orchestrator.hub.auth;

import java.util.Locale;

/** Whether the hub requires a token (option {@code --auth}, env {@code GLEITZEIT_AUTH}). */
public enum AuthMode {
    /** Required as soon as any token exists in the store; open (local development) while there is none. */
    AUTO,
    /** Always required; with no token in the store nobody can connect until one is created. */
    REQUIRED,
    /** Never: every connection holds every role. Only for local development. */
    OFF;

    /** {@code auto}, {@code required} or {@code off}, any case. */
    public static AuthMode parse(String value) {
        for (AuthMode mode : values()) {
            if (mode.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("auth must be auto, required or off, was " + value);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

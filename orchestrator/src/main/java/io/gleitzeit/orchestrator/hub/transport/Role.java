package io.gleitzeit.orchestrator.hub.transport;

import java.util.Locale;

/** What a connection may do (the protocol's token roles). {@link #ADMIN} may do everything. */
public enum Role {
    /** Registers as a service and executes tasks. */
    SERVICE,
    /** Submits, queries, cancels and subscribes to workflows. */
    CLIENT,
    /** Reads monitoring data. */
    MONITOR,
    /** Everything. */
    ADMIN;

    /** The role's name on the wire and in token tables: {@code service}, {@code client}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with that wire name. */
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "', expected service, client, monitor or admin");
    }
}

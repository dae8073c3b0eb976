package io.gleitzeit.orchestrator.hub.transport;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is on the other end of a connection, and the roles they hold.
 *
 * @param name  for logs and audit: a service name, a user, {@code "anonymous"}
 * @param roles what they may do; {@link Role#ADMIN} implies every role
 */
public record Principal(String name, Set<Role> roles) {
    private static final Principal UNAUTHENTICATED = new Principal("unauthenticated", Set.of());

    public Principal {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** A principal with the given roles. */
    public static Principal of(String name, Role... roles) {
        return new Principal(name, roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles));
    }

    /** A connection that has not (yet) proven who it is: it holds no role. */
    public static Principal unauthenticated() {
        return UNAUTHENTICATED;
    }

    /** Whether this principal may act in {@code role}. */
    public boolean hasRole(Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }

    /** Whether this principal holds any role at all. */
    public boolean isAuthenticated() {
        return !roles.isEmpty();
    }
}

package io.gleitzeit.replay.audit;

import java.util.Objects;

/**
 * One broken invariant.
 *
 * @param subject what it concerns: a workflow id, or a dead letter ({@code dlq <scope> <id>})
 * @param version the version of the offending event, or 0 when it concerns no single event
 * @param check   the invariant
 * @param message what exactly is wrong
 */
public record Violation(String subject, long version, Check check, String message) {
    public Violation {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return subject + (version > 0 ? " v" + version : "") + " [" + check.label() + "] " + message;
    }
}

package io.gleitzeit.orchestrator.decider;

import java.util.Objects;

/** One cell of the {@link DecisionTable}: in {@code situation}, a command of {@code kind} leads to {@code action}. */
public record Rule(CommandKind kind, Situation situation, Action action) {
    public Rule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(situation, "situation");
        Objects.requireNonNull(action, "action");
    }

    @Override
    public String toString() {
        return kind + " in " + situation + " -> " + action;
    }
}

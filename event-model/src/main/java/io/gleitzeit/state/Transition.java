package io.gleitzeit.state;

import io.gleitzeit.event.WorkflowEvent;
import java.util.Objects;

/**
 * One entry of a lifecycle table: an event of type {@code on} moves {@code from} to {@code to}.
 *
 * @param <S> the status type
 */
public record Transition<S extends Enum<S>>(S from, Class<? extends WorkflowEvent> on, S to) {
    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(to, "to");
    }

    @Override
    public String toString() {
        return from + " --" + on.getSimpleName() + "--> " + to;
    }
}

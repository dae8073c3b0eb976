package io.gleitzeit.replay.timeline;

import io.gleitzeit.replay.history.StoredEvent;
import java.time.Duration;
import java.util.Objects;

/**
 * One line of a timeline: an event with what a reader needs around it.
 *
 * @param event    the event as stored and decoded
 * @param relative time since the workflow's submission (its first event)
 * @param taskName the task's name when the event concerns a task, else {@code null}
 * @param detail   what happened, in words: the routing decision of a dispatch, the duration of a completion, errors
 */
public record TimelineEntry(StoredEvent event, Duration relative, String taskName, String detail) {
    public TimelineEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(relative, "relative");
        Objects.requireNonNull(detail, "detail");
    }
}

package io.gleitzeit.replay.state;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Up to where {@code state --at} folds: a version, an event id, or a moment. Parsed once from the option's text: all
 * digits is a version, an ISO-8601 timestamp is a moment, anything else is an event id.
 */
public sealed interface StatePoint {

    /** What the point is, for messages. */
    String describe();

    /** Everything recorded. */
    record End() implements StatePoint {
        boolean includes(EventEnvelope<? extends WorkflowEvent> event) {
            return true;
        }

        @Override
        public String describe() {
            return "the end";
        }
    }

    /** Up to and including the event of this version. */
    record AtVersion(long version) implements StatePoint {
        public AtVersion {
            if (version < 1) {
                throw new IllegalArgumentException("--at: a version starts at 1, was " + version);
            }
        }

        boolean includes(EventEnvelope<? extends WorkflowEvent> event) {
            return event.version() <= version;
        }

        @Override
        public String describe() {
            return "version " + version;
        }
    }

    /** Up to and including the event with this id. */
    record AtEvent(String eventId) implements StatePoint {
        public AtEvent {
            Objects.requireNonNull(eventId, "eventId");
        }

        @Override
        public String describe() {
            return "event " + eventId;
        }
    }

    /** Every event that occurred at or before this moment. */
    record AtTime(Instant at) implements StatePoint {
        public AtTime {
            Objects.requireNonNull(at, "at");
        }

        boolean includes(EventEnvelope<? extends WorkflowEvent> event) {
            return !event.occurredAt().isAfter(at);
        }

        @Override
        public String describe() {
            return at.toString();
        }
    }

    /** Parses the text of {@code --at}. */
    static StatePoint parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("--at must not be blank");
        }
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return new AtVersion(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--at: version " + text + " is too large", e);
            }
        }
        try {
            return new AtTime(Instant.parse(text));
        } catch (DateTimeParseException notInstant) {
            try {
                return new AtTime(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException notOffset) {
                return new AtEvent(text);
            }
        }
    }
}

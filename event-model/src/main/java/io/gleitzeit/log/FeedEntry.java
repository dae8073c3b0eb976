package io.gleitzeit.log;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.FireTimer;
import java.util.Objects;

/**
 * An entry of a partition's command stream, read back: a command someone sent, or a timer that fell due. Either way
 * the decider gets a {@link CommandEnvelope}; the kind says where it came from.
 */
public sealed interface FeedEntry permits FeedEntry.Sent, FeedEntry.TimerFired {

    /** Where it stands in the command stream. */
    StreamPosition position();

    /** The command to decide on. */
    CommandEnvelope command();

    /** A command put on the stream by {@link CommandSender#send}. */
    record Sent(StreamPosition position, CommandEnvelope command) implements FeedEntry {
        public Sent {
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * A timer moved from the due-time structure to the stream. Its command's payload is a {@link FireTimer}, its id
     * the timer's member (deterministic), its issue time the moment it fired (the entry id's time).
     */
    record TimerFired(StreamPosition position, CommandEnvelope command) implements FeedEntry {
        public TimerFired {
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(command, "command");
            if (!(command.payload() instanceof FireTimer)) {
                throw new IllegalArgumentException("a fired timer carries a FireTimer command");
            }
        }

        /** The timer that fired. */
        public FireTimer timer() {
            return (FireTimer) command.payload();
        }
    }
}

package io.gleitzeit.log;

import java.util.Objects;

/**
 * A position in a Redis stream (an entry id {@code <ms>-<seq>}), parsed once at the edge. {@link #FIRST} is before
 * every entry, {@link #LATEST} after the current last one.
 */
public record StreamPosition(long millis, long sequence) implements Comparable<StreamPosition> {
    /** Before the first entry. */
    public static final StreamPosition FIRST = new StreamPosition(0, 0);
    /** After the last entry at the time of reading; only meaningful as a start position. */
    public static final StreamPosition LATEST = new StreamPosition(Long.MAX_VALUE, Long.MAX_VALUE);

    public StreamPosition {
        if (millis < 0 || sequence < 0) {
            throw new IllegalArgumentException("stream ids are not negative");
        }
    }

    /** Parses {@code <ms>-<seq>} (or {@code <ms>}, sequence 0). */
    public static StreamPosition parse(String id) {
        Objects.requireNonNull(id, "id");
        int dash = id.indexOf('-');
        try {
            if (dash < 0) {
                return new StreamPosition(Long.parseLong(id), 0);
            }
            return new StreamPosition(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream id: " + id, e);
        }
    }

    /** The smallest position after this one: an inclusive start that skips this entry. */
    public StreamPosition next() {
        if (this == LATEST) {
            throw new IllegalStateException("nothing comes after LATEST");
        }
        return sequence == Long.MAX_VALUE ? new StreamPosition(millis + 1, 0) : new StreamPosition(millis, sequence + 1);
    }

    /** The Redis form {@code <ms>-<seq>}. */
    public String redisId() {
        return millis + "-" + sequence;
    }

    @Override
    public int compareTo(StreamPosition o) {
        int c = Long.compare(millis, o.millis);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }

    @Override
    public String toString() {
        return this == LATEST ? "$" : redisId();
    }
}

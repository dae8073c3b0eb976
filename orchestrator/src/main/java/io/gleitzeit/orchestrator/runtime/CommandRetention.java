package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.log.redis.StreamRetention;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps command streams from growing without bound: commands are inputs, not the truth (the events they led to are),
 * so once every consumer group has acknowledged them they can go. Trims by MINID below each group's oldest pending
 * or undelivered entry, never by length, so nothing unprocessed is lost. Parked commands were copied to the
 * dead-letter stream before they were acknowledged. Every replica may run it; the trim is one atomic script.
 */
final class CommandRetention {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRetention.class);

    private final StreamRetention retention;
    private final List<String> commandStreams;

    CommandRetention(StreamRetention retention, List<String> commandStreams) {
        this.retention = Objects.requireNonNull(retention, "retention");
        this.commandStreams = List.copyOf(commandStreams);
    }

    /** Trims every command stream once; returns how many entries went. */
    long trimOnce() {
        long removed = 0;
        for (String stream : commandStreams) {
            try {
                removed += retention.trim(stream).toCompletableFuture().get(10, TimeUnit.SECONDS).removed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return removed;
            } catch (Exception e) {
                LOG.warn("trimming {} failed: {}", stream, e.toString());
            }
        }
        return removed;
    }
}

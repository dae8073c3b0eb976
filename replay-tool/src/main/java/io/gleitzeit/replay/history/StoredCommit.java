package io.gleitzeit.replay.history;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One commit (one append) of a workflow's history as read back: where it came from, the version it claims to start
 * at, the encoded events exactly as stored and, when they could be read, the decoded events.
 *
 * @param workflowId    the workflow
 * @param source        where it was read: the entry id of the workflow stream, or {@code <file>:<line>}
 * @param firstVersion  the version the commit's location claims for its first event (the entry id
 *                      {@code <firstVersion>-0}, or an export line's {@code first_version})
 * @param encodedEvents the stored JSON array, unchanged
 * @param events        the decoded events; empty when the commit cannot be read
 * @param problem       why the commit cannot be read, if it cannot
 */
public record StoredCommit(
        String workflowId, String source, long firstVersion, String encodedEvents, List<StoredEvent> events,
        Optional<String> problem) {
    public StoredCommit {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(encodedEvents, "encodedEvents");
        events = List.copyOf(events);
        Objects.requireNonNull(problem, "problem");
    }

    /** Whether every event of the commit could be decoded. */
    public boolean isReadable() {
        return problem.isEmpty();
    }
}

package io.gleitzeit.replay.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything recorded for one workflow, commit by commit, in stream order, with the payloads its events hold by
 * reference. Built from Redis ({@link RedisHistories}) or from an export file ({@link HistoryFile}); the timeline,
 * the fold and the audit work on it alike.
 *
 * @param blobs the workflow's payloads stored by reference ({@code io.gleitzeit.payload.BlobRef}): content by SHA-256
 */
public record WorkflowHistory(String workflowId, List<StoredCommit> commits, Map<String, String> blobs) {
    public WorkflowHistory {
        Objects.requireNonNull(workflowId, "workflowId");
        commits = List.copyOf(commits);
        blobs = Map.copyOf(blobs);
    }

    /** A history whose events hold no references. */
    public WorkflowHistory(String workflowId, List<StoredCommit> commits) {
        this(workflowId, commits, Map.of());
    }

    /** Whether nothing is recorded for the workflow. */
    public boolean isEmpty() {
        return commits.isEmpty();
    }

    /** The decoded events of every readable commit, in order. */
    public List<StoredEvent> events() {
        List<StoredEvent> events = new ArrayList<>();
        commits.forEach(c -> events.addAll(c.events()));
        return events;
    }

    /** Whether every commit could be decoded. */
    public boolean isReadable() {
        return commits.stream().allMatch(StoredCommit::isReadable);
    }
}

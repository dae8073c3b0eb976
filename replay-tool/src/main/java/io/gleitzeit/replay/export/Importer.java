package io.gleitzeit.replay.export;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.AppendCondition;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.payload.Blob;
import io.gleitzeit.replay.audit.Check;
import io.gleitzeit.replay.audit.HistoryAudit;
import io.gleitzeit.replay.audit.Violation;
import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.history.RedisHistories;
import io.gleitzeit.replay.history.StoredCommit;
import io.gleitzeit.replay.history.StoredEvent;
import io.gleitzeit.replay.history.WorkflowHistory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * Appends exported histories to a log, commit by commit, with the expected version each commit had. Everything is
 * checked before the first append: every workflow must be new to the target, and every history must be a sequence
 * the log's append accepts (readable, versions contiguous from 1). The payloads a workflow's events hold by reference
 * are stored before its commits. Timers and the ready-queue index are not carried
 * over: the copy is for reading and auditing, not for running.
 */
final class Importer {
    /** What the log's append itself would refuse; anything else (say, a fold failure) is copied as it is. */
    private static final Set<Check> APPEND_PRECONDITIONS = EnumSet.of(Check.COMMIT_READABLE, Check.COMMIT_LOCATION,
            Check.VERSIONS_CONTIGUOUS);

    private final RedisHistories target;
    private final RedisEventLog log;

    Importer(LogSession session) {
        this.target = session.histories();
        this.log = session.eventLog();
    }

    /** What was written. */
    record Summary(List<String> workflows, int commits, int events) {
    }

    Summary importAll(List<WorkflowHistory> histories) {
        List<String> existing = histories.stream().map(WorkflowHistory::workflowId).filter(target::exists).toList();
        if (!existing.isEmpty()) {
            throw new CommandFailure("refusing to overwrite workflows that exist in the target: "
                    + String.join(", ", existing) + "; nothing was imported");
        }
        List<String> unfit = new ArrayList<>();
        for (WorkflowHistory h : histories) {
            HistoryAudit.audit(h).violations().stream().filter(v -> APPEND_PRECONDITIONS.contains(v.check()))
                    .map(Violation::toString).forEach(unfit::add);
        }
        if (!unfit.isEmpty()) {
            throw new CommandFailure("the file holds histories the log cannot take; nothing was imported:\n  "
                    + String.join("\n  ", unfit));
        }
        List<String> written = new ArrayList<>();
        int commits = 0;
        int events = 0;
        for (WorkflowHistory h : histories) {
            storeBlobs(h);
            for (StoredCommit commit : h.commits()) {
                append(commit);
                events += commit.events().size();
            }
            commits += h.commits().size();
            written.add(h.workflowId() + ": versions 1.." + (h.events().size()) + " in " + h.commits().size()
                    + " commits");
        }
        return new Summary(written, commits, events);
    }

    /** The payloads first: a commit read back must find what it references. */
    private void storeBlobs(WorkflowHistory history) {
        if (history.blobs().isEmpty()) {
            return;
        }
        List<Blob> blobs = new ArrayList<>();
        history.blobs().forEach((sha, content) -> blobs.add(Blob.ofText(content)));
        try {
            log.payloads().store().put(history.workflowId(), blobs).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new CommandFailure("storing the payloads of " + history.workflowId() + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private void append(StoredCommit commit) {
        List<EventEnvelope<WorkflowEvent>> events = commit.events().stream().map(StoredEvent::envelope).toList();
        AppendRequest request = new AppendRequest(commit.workflowId(),
                AppendCondition.expectVersion(commit.firstVersion() - 1), events, List.of(), ReadyQueueChange.UNCHANGED);
        try {
            log.append(request).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new CommandFailure("appending " + commit.source() + " of " + commit.workflowId() + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}

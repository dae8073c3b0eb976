package io.gleitzeit.replay.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.RoutingDecision;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.AppendCondition;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.replay.history.CommitDecoder;
import io.gleitzeit.replay.history.HistoryFile;
import io.gleitzeit.replay.history.StoredCommit;
import io.gleitzeit.replay.history.WorkflowHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A workflow's history written commit by commit, the way the decider appends it: each commit is one decision at one
 * moment, its events carry consecutive versions and deterministic ids. Gives the history as decoded commits, as a
 * {@link WorkflowHistory}, as export lines, or appends it to a real log.
 */
public final class Script {
    /** When every script starts. */
    public static final Instant T0 = Instant.parse("2030-01-01T09:00:00Z");
    public static final DispatchTarget FUNCTIONS = new DispatchTarget("svc-fn-1", "functions", "hub-a", null);
    public static final DispatchTarget GPU_B = new DispatchTarget("svc-llm-1", "ollama", "hub-a", "gpu-b");

    private static final EventCodec CODEC = EventCodec.standard();

    private final String workflowId;
    private final List<List<EventEnvelope<WorkflowEvent>>> commits = new ArrayList<>();
    private Instant now = T0;
    private long version;

    private Script(String workflowId) {
        this.workflowId = workflowId;
    }

    /** A script that starts with the submission of {@code definition}. */
    public static Script submit(WorkflowDefinition definition) {
        return new Script(definition.workflowId()).commit(Duration.ZERO, new WorkflowSubmitted(definition, "alice"));
    }

    /** An empty script (for histories that do not start with a submission). */
    public static Script empty(String workflowId) {
        return new Script(workflowId);
    }

    /** One decision {@code after} the previous one, appending {@code events}. */
    public Script commit(Duration after, WorkflowEvent... events) {
        now = now.plus(after);
        List<EventEnvelope<WorkflowEvent>> commit = new ArrayList<>();
        String cause = "cmd-" + (commits.size() + 1);
        for (int i = 0; i < events.length; i++) {
            version++;
            String id = UUID.nameUUIDFromBytes((workflowId + "#" + cause + "#" + i).getBytes(StandardCharsets.UTF_8))
                    .toString();
            commit.add(new EventEnvelope<>(id, workflowId, version, now, cause, workflowId, "replica-1", events[i]));
        }
        commits.add(commit);
        return this;
    }

    /** The clock of the script: when the last commit happened. */
    public Instant now() {
        return now;
    }

    public String workflowId() {
        return workflowId;
    }

    public List<List<EventEnvelope<WorkflowEvent>>> commits() {
        return commits;
    }

    /** Every event, in order. */
    public List<EventEnvelope<WorkflowEvent>> events() {
        return commits.stream().flatMap(List::stream).toList();
    }

    /** The history as the replay tool reads it. */
    public WorkflowHistory history() {
        CommitDecoder decoder = new CommitDecoder(CODEC);
        List<StoredCommit> stored = new ArrayList<>();
        for (List<EventEnvelope<WorkflowEvent>> c : commits) {
            long first = c.get(0).version();
            stored.add(decoder.decode(workflowId, first + "-0", first, c.size(), CODEC.encodeAll(c)));
        }
        return new WorkflowHistory(workflowId, stored);
    }

    /** The export lines of the history. */
    public List<String> lines() {
        HistoryFile file = new HistoryFile(new CommitDecoder(CODEC));
        return history().commits().stream().map(file::line).toList();
    }

    /** Appends every commit through the log, with expected versions. */
    public Script appendTo(RedisEventLog log) {
        for (List<EventEnvelope<WorkflowEvent>> c : commits) {
            log.append(new AppendRequest(workflowId, AppendCondition.expectVersion(c.get(0).version() - 1), c,
                    List.of(), ReadyQueueChange.UNCHANGED)).toCompletableFuture().join();
        }
        return this;
    }

    /** A dispatch of {@code attempt} to {@code target}, chosen least-loaded over two candidates. */
    public static TaskDispatched dispatch(String taskId, int attempt, DispatchTarget target) {
        RoutingDecision routing = new RoutingDecision("least_loaded", List.of(
                new CandidateLoad(target.serviceId(), target.endpointId(), 0, 4, 35.0, true, true),
                new CandidateLoad("svc-other", "gpu-a", 3, 4, 120.0, false, true)), "fewest in flight");
        return new TaskDispatched(taskId, attempt, target, routing, "python_execution",
                JsonNodeFactory.instance.objectNode().put("function", "run"), null);
    }
}

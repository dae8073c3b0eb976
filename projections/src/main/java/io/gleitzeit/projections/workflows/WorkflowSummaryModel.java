package io.gleitzeit.projections.workflows;

import io.gleitzeit.definition.Priority;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.log.Commit;
import io.gleitzeit.projections.ChangeSet;
import io.gleitzeit.projections.ModelState;
import io.gleitzeit.projections.ReadModel;
import io.gleitzeit.projections.Source;
import io.gleitzeit.projections.StoredModel;
import io.gleitzeit.projections.internal.StoredJson;
import io.gleitzeit.state.BatchProgress;
import io.gleitzeit.state.TaskLifecycle;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.Transition;
import io.gleitzeit.state.WorkflowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Workflow summaries for {@code workflow:list}, from the partitions' event streams: per workflow its name, status,
 * task counts by status and times; over all workflows the counts by status and the ready queue by priority.
 *
 * <p>Keys: {@code workflows} (HASH workflow id → summary JSON with the tasks' statuses), {@code all} and
 * {@code status:<status>} (ZSET workflow id by submission millis, for newest-first listing), {@code totals} (HASH:
 * {@code running}, {@code completed}, {@code failed}, {@code cancelled}, {@code queued:<priority>}, and
 * {@code anomalies}: events that fit no known workflow or task status, which are skipped). Only the
 * summaries a batch touches are read (one HMGET) and written (one HSET); up to {@code cachedWorkflows} stay in
 * memory between batches.
 */
public final class WorkflowSummaryModel implements ReadModel {
    /** The model's name (keys {@code <prefix>{proj:workflows}:…}, group {@code proj-workflows}). */
    public static final String NAME = "workflows";
    /** Summaries kept in memory between batches. */
    public static final int DEFAULT_CACHED_WORKFLOWS = 10_000;
    static final String WORKFLOWS = "workflows";
    static final String ALL = "all";
    static final String TOTALS = "totals";
    static final String ANOMALIES = "anomalies";
    static final List<WorkflowStatus> LISTED = List.of(WorkflowStatus.RUNNING, WorkflowStatus.COMPLETED,
            WorkflowStatus.FAILED, WorkflowStatus.CANCELLED);

    private final int cachedWorkflows;

    public WorkflowSummaryModel() {
        this(DEFAULT_CACHED_WORKFLOWS);
    }

    public WorkflowSummaryModel(int cachedWorkflows) {
        if (cachedWorkflows < 0) {
            throw new IllegalArgumentException("cachedWorkflows must not be negative, was " + cachedWorkflows);
        }
        this.cachedWorkflows = cachedWorkflows;
    }

    /** The sorted set of the workflows in {@code status}. */
    static String byStatus(WorkflowStatus status) {
        return "status:" + wireName(status);
    }

    static String wireName(WorkflowStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static String queuedField(Priority priority) {
        return "queued:" + priority.wireName();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Source> sources() {
        return Set.of(Source.PARTITIONS);
    }

    @Override
    public List<String> keyNames() {
        List<String> names = new ArrayList<>(List.of(WORKFLOWS, ALL, TOTALS));
        LISTED.forEach(s -> names.add(byStatus(s)));
        return names;
    }

    @Override
    public ModelState newState() {
        return new State(cachedWorkflows);
    }

    /** One workflow being followed. */
    private static final class Tracked {
        WorkflowSummary summary;
        final char[] states;
        final String priorities;
        /** The status its index entry has in Redis; {@code null} when not indexed yet. */
        WorkflowStatus indexed;

        Tracked(StoredWorkflow stored, WorkflowStatus indexed) {
            this.summary = stored.summary();
            this.states = stored.taskStates().toCharArray();
            this.priorities = stored.priorities();
            this.indexed = indexed;
        }

        TaskStatus status(int task) {
            return TaskStatus.values()[states[task] - 'a'];
        }

        Priority priority(int task) {
            return Priority.values()[priorities.charAt(task) - '0'];
        }

        StoredWorkflow stored() {
            return new StoredWorkflow(summary, new String(states), priorities);
        }
    }

    private static final class State implements ModelState {
        private final int capacity;
        private final Map<String, Tracked> cache = new LinkedHashMap<>(16, 0.75f, true);
        private final Set<String> changed = new LinkedHashSet<>();
        private final Map<WorkflowStatus, Integer> byStatus = new EnumMap<>(WorkflowStatus.class);
        private final Map<Priority, Integer> queued = new EnumMap<>(Priority.class);
        private boolean totalsChanged;
        private long anomalies;

        State(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public void load(StoredModel stored) {
            Map<String, String> totals = stored.readAll(TOTALS);
            for (WorkflowStatus s : LISTED) {
                byStatus.put(s, Integer.parseInt(totals.getOrDefault(wireName(s), "0")));
            }
            for (Priority p : Priority.values()) {
                queued.put(p, Integer.parseInt(totals.getOrDefault(queuedField(p), "0")));
            }
            anomalies = Long.parseLong(totals.getOrDefault(ANOMALIES, "0"));
        }

        @Override
        public void prepare(List<Commit> commits, StoredModel stored) {
            Set<String> missing = new LinkedHashSet<>();
            commits.forEach(c -> {
                if (!cache.containsKey(c.workflowId())) {
                    missing.add(c.workflowId());
                }
            });
            stored.read(WORKFLOWS, missing).forEach((id, json) -> {
                StoredWorkflow workflow = StoredJson.read(json, StoredWorkflow.class, "summary of workflow " + id);
                cache.put(id, new Tracked(workflow, workflow.summary().status()));
            });
        }

        @Override
        public void apply(Commit commit) {
            for (EventEnvelope<WorkflowEvent> event : commit.events()) {
                apply(commit.workflowId(), event.payload(), event.occurredAt());
            }
        }

        private void apply(String workflowId, WorkflowEvent payload, Instant at) {
            if (payload instanceof WorkflowSubmitted e) {
                submitted(workflowId, e, at);
                return;
            }
            Tracked workflow = cache.get(workflowId);
            if (workflow == null || workflow.summary.status().isTerminal()) {
                // nothing known of it (its submission was trimmed away), or nothing may follow its end
                if (!(payload instanceof UnknownEvent)) {
                    anomaly();
                }
                return;
            }
            if (payload instanceof TaskEvent e) {
                task(workflowId, workflow, e);
            } else if (payload instanceof WorkflowCompleted) {
                finished(workflowId, workflow, WorkflowStatus.COMPLETED, at);
            } else if (payload instanceof WorkflowFailed) {
                finished(workflowId, workflow, WorkflowStatus.FAILED, at);
            } else if (payload instanceof WorkflowCancelled) {
                finished(workflowId, workflow, WorkflowStatus.CANCELLED, at);
            } else if (!(payload instanceof UnknownEvent)) {
                throw new IllegalStateException("workflow summaries do not handle " + payload.getClass().getName());
            }
        }

        private void submitted(String workflowId, WorkflowSubmitted e, Instant at) {
            if (cache.containsKey(workflowId)) {
                return;
            }
            List<TaskDefinition> tasks = e.definition().tasks();
            char[] states = new char[tasks.size()];
            StringBuilder priorities = new StringBuilder(tasks.size());
            for (TaskDefinition task : tasks) {
                priorities.append((char) ('0' + task.priority().ordinal()));
            }
            Arrays.fill(states, (char) ('a' + TaskStatus.PENDING.ordinal()));
            WorkflowSummary summary = new WorkflowSummary(workflowId, e.definition().name(), WorkflowStatus.RUNNING,
                    tasks.size(), Map.of(TaskStatus.PENDING, tasks.size()), at, null);
            cache.put(workflowId, new Tracked(new StoredWorkflow(summary, new String(states),
                    priorities.toString()), null));
            count(WorkflowStatus.RUNNING, 1);
            changed.add(workflowId);
        }

        private void task(String workflowId, Tracked workflow, TaskEvent e) {
            if (BatchProgress.isUnitId(e.taskId())) {
                // summaries count the document's tasks; a batch's units show in its status (BATCH_RUNNING)
                return;
            }
            Optional<Integer> index = taskIndex(workflowId, e.taskId(), workflow.states.length);
            if (index.isEmpty()) {
                anomaly();
                return;
            }
            int i = index.get();
            TaskStatus from = workflow.status(i);
            Optional<Transition<TaskStatus>> transition = TaskLifecycle.transition(from, e);
            if (transition.isEmpty()) {
                anomaly();
                return;
            }
            TaskStatus to = transition.get().to();
            if (to == from) {
                return;
            }
            workflow.states[i] = (char) ('a' + to.ordinal());
            Map<TaskStatus, Integer> counts = new EnumMap<>(workflow.summary.taskCounts());
            counts.merge(from, -1, Integer::sum);
            counts.merge(to, 1, Integer::sum);
            workflow.summary = with(workflow.summary, workflow.summary.status(), counts, null);
            if (from == TaskStatus.READY) {
                queue(workflow.priority(i), -1);
            }
            if (to == TaskStatus.READY) {
                queue(workflow.priority(i), 1);
            }
            changed.add(workflowId);
        }

        private void finished(String workflowId, Tracked workflow, WorkflowStatus status, Instant at) {
            for (int i = 0; i < workflow.states.length; i++) {
                // a ready task of a finished workflow will never be dispatched: it leaves the queue
                if (workflow.status(i) == TaskStatus.READY) {
                    queue(workflow.priority(i), -1);
                }
            }
            count(workflow.summary.status(), -1);
            count(status, 1);
            workflow.summary = with(workflow.summary, status, workflow.summary.taskCounts(), at);
            changed.add(workflowId);
        }

        private static WorkflowSummary with(WorkflowSummary s, WorkflowStatus status, Map<TaskStatus, Integer> counts,
                                            Instant finishedAt) {
            return new WorkflowSummary(s.workflowId(), s.name(), status, s.totalTasks(), counts, s.submittedAt(),
                    finishedAt != null ? finishedAt : s.finishedAt());
        }

        private static Optional<Integer> taskIndex(String workflowId, String taskId, int tasks) {
            String prefix = workflowId + "/";
            if (!taskId.startsWith(prefix)) {
                return Optional.empty();
            }
            try {
                int index = Integer.parseInt(taskId.substring(prefix.length()));
                return index >= 0 && index < tasks ? Optional.of(index) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        private void anomaly() {
            anomalies++;
            totalsChanged = true;
        }

        private void count(WorkflowStatus status, int delta) {
            byStatus.merge(status, delta, Integer::sum);
            totalsChanged = true;
        }

        private void queue(Priority priority, int delta) {
            queued.merge(priority, delta, (a, b) -> Math.max(0, a + b));
            totalsChanged = true;
        }

        @Override
        public void drainChanges(ChangeSet changes) {
            for (String id : changed) {
                Tracked workflow = cache.get(id);
                WorkflowSummary summary = workflow.summary;
                changes.put(WORKFLOWS, id, StoredJson.write(workflow.stored()));
                double score = summary.submittedAt().toEpochMilli();
                if (workflow.indexed == null) {
                    changes.rank(ALL, id, score);
                }
                if (workflow.indexed != summary.status()) {
                    if (workflow.indexed != null) {
                        changes.unrank(byStatus(workflow.indexed), id);
                    }
                    changes.rank(byStatus(summary.status()), id, score);
                    workflow.indexed = summary.status();
                }
            }
            changed.clear();
            if (totalsChanged) {
                byStatus.forEach((s, n) -> changes.put(TOTALS, wireName(s), Integer.toString(n)));
                queued.forEach((p, n) -> changes.put(TOTALS, queuedField(p), Integer.toString(n)));
                changes.put(TOTALS, ANOMALIES, Long.toString(anomalies));
                totalsChanged = false;
            }
        }

        @Override
        public void flushed() {
            var eldest = cache.entrySet().iterator();
            while (cache.size() > capacity && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
    }
}

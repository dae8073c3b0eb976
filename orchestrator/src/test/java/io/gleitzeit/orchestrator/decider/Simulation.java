package io.gleitzeit.orchestrator.decider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.DispatchReadyTasks;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.definition.Backoff;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.Priority;
import io.gleitzeit.definition.RetryPolicy;
import io.gleitzeit.definition.TaskType;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Many random workflows driven through the decider by a simulated runtime: services that answer dispatches with
 * acceptances, progress, completions and failures (or stay silent until a timeout), services that get lost, users who
 * cancel, and a delivery that duplicates and reorders every command at random. Everything follows from the seed.
 * Invariants are checked after every decision; {@link #run()} checks the end state.
 */
final class Simulation {
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Random rnd;
    private final Decider decider = new Decider();
    private final Map<String, Flow> flows = new LinkedHashMap<>();
    private final List<CommandEnvelope> inbox = new ArrayList<>();
    private final List<SubmitWorkflow> unsent = new ArrayList<>();
    /** Timers by id, as the due-time structure would hold them. */
    private final Map<String, TimerChange.Schedule> timers = new HashMap<>();
    /** Attempts in flight ({@code task:attempt}) and the service running each, for the load figures. */
    private final Map<String, String> inFlight = new HashMap<>();
    private final List<ServiceCandidate> services = List.of(
            service("fn-1", "functions", "python_execution", 3, List.of()),
            service("fn-2", "fn-2", "python_execution", 2, List.of("f1", "f2")),
            ServiceCandidate.newBuilder("llm-1", "ollama", "hub-b").serviceType("llm")
                    .taskTypes("llm_generation").providers("internal").maxConcurrent(2).build(),
            service("ext-1", "custom", "custom_x", 1, List.of()));
    private final Map<Action, Integer> actions = new EnumMap<>(Action.class);
    private Instant now = START;
    private int commandSeq;
    private int decisions;
    private int unitsExpanded;

    /** One workflow: its recorded history, the decider's state and the fold kept alongside. */
    private static final class Flow {
        final String id;
        final List<EventEnvelope<WorkflowEvent>> recorded = new ArrayList<>();
        WorkflowState state;
        WorkflowState folded;
        boolean waiting;
        boolean dispatchRequested;

        Flow(String id) {
            this.id = id;
            this.state = WorkflowState.initial(id);
            this.folded = state;
        }
    }

    Simulation(long seed) {
        this.rnd = new Random(seed);
    }

    private static ServiceCandidate service(String id, String name, String taskType, int slots, List<String> fns) {
        return ServiceCandidate.newBuilder(id, name, "hub-a").serviceType("function").taskTypes(taskType)
                .functions(fns.toArray(String[]::new)).maxConcurrent(slots).build();
    }

    /** Runs {@code workflows} random workflows to the end; returns how often each action was taken. */
    Map<Action, Integer> run(int workflows) {
        for (int i = 0; i < workflows; i++) {
            WorkflowDefinition def = randomWorkflow("sim-" + i);
            flows.put(def.workflowId(), new Flow(def.workflowId()));
            unsent.add(new SubmitWorkflow(def, "sim"));
        }
        while (!unsent.isEmpty() || !inbox.isEmpty() || !timers.isEmpty()) {
            if (!unsent.isEmpty() && (inbox.isEmpty() || rnd.nextDouble() < 0.08)) {
                SubmitWorkflow submit = unsent.remove(0);
                send(submit.definition().workflowId(), submit);
            }
            if (rnd.nextDouble() < 0.01) {
                // a user cancels some workflow, maybe one that has finished or not started
                String id = new ArrayList<>(flows.keySet()).get(rnd.nextInt(flows.size()));
                send(id, new CancelWorkflow("user changed their mind", "sim"));
            }
            step();
        }
        for (Flow f : flows.values()) {
            checkEnd(f);
        }
        return actions;
    }

    private void step() {
        now = now.plusMillis(rnd.nextInt(150));
        fireDueTimers();
        if (inbox.isEmpty()) {
            if (timers.isEmpty()) {
                return;
            }
            // nothing to deliver: the next timer is what happens next
            Instant next = timers.values().stream().map(TimerChange.Schedule::dueAt).min(Instant::compareTo)
                    .orElseThrow();
            now = next.isAfter(now) ? next : now;
            fireDueTimers();
            return;
        }
        if (rnd.nextDouble() < 0.004) {
            loseAService();
        }
        CommandEnvelope command = inbox.remove(rnd.nextInt(inbox.size()));
        if (rnd.nextDouble() < 0.15) {
            // delivered twice: a redelivery after a lost ack, or a replay
            inbox.add(rnd.nextInt(inbox.size() + 1), command);
        }
        deliver(command);
    }

    private void fireDueTimers() {
        List<TimerChange.Schedule> due = new ArrayList<>();
        for (TimerChange.Schedule s : timers.values()) {
            if (!s.dueAt().isAfter(now)) {
                due.add(s);
            }
        }
        due.sort((a, b) -> a.timer().timerId(a.workflowId()).compareTo(b.timer().timerId(b.workflowId())));
        for (TimerChange.Schedule s : due) {
            timers.remove(s.timer().timerId(s.workflowId()));
            send(s.workflowId(), s.timer());
        }
    }

    private void loseAService() {
        Map<String, List<String>> byService = new TreeMap<>();
        inFlight.forEach((key, service) -> byService.computeIfAbsent(service, s -> new ArrayList<>()).add(key));
        if (byService.isEmpty()) {
            return;
        }
        String lost = new ArrayList<>(byService.keySet()).get(rnd.nextInt(byService.size()));
        List<String> affected = byService.get(lost).stream()
                .map(key -> WorkflowDefinition.workflowIdOfTask(key.substring(0, key.lastIndexOf(':'))))
                .distinct().sorted().toList();
        for (String workflowId : affected) {
            send(workflowId, new ReleaseServiceTasks(lost, "heartbeat missed"));
        }
    }

    private void deliver(CommandEnvelope command) {
        Flow f = flows.get(command.workflowId());
        if (command.payload() instanceof DispatchReadyTasks) {
            f.dispatchRequested = false;
        }
        Decision d = decider.decide(f.state, command, new DecisionContext(now, routing()));
        decisions++;
        actions.merge(d.rule().action(), 1, Integer::sum);
        boolean wasTerminal = f.state.status().isTerminal();
        record(f, d);
        boolean freed = false;
        for (WorkflowEvent e : d.events()) {
            freed |= track(f, e);
        }
        applyTimers(d.timers());
        applyReadyQueue(f, d.readyQueue());

        // idempotent by state: the same command again, against the state that holds its effect, does nothing
        Decision again = decider.decide(f.state, command, new DecisionContext(now, routing()));
        assertThat(again.events()).as("re-deciding %s", command.payload()).isEmpty();
        assertThat(again.timers()).isEmpty();

        if (!wasTerminal && f.state.status().isTerminal()) {
            assertThat(timers.values()).as("timers left when %s ended", f.id)
                    .noneMatch(t -> t.workflowId().equals(f.id));
        }
        if (freed) {
            for (Flow w : flows.values()) {
                if (w.waiting && !w.dispatchRequested) {
                    w.dispatchRequested = true;
                    send(w.id, new DispatchReadyTasks("capacity freed"));
                }
            }
        }
    }

    private void record(Flow f, Decision d) {
        long version = f.state.version();
        for (WorkflowEvent e : d.events()) {
            version++;
            EventEnvelope<WorkflowEvent> env = new EventEnvelope<>(f.id + ":" + version, f.id, version, now,
                    "cmd", f.id, "sim", e);
            f.recorded.add(env);
            f.folded = WorkflowEvolver.evolve(f.folded, env);
        }
        f.state = d.state();
        assertThat(f.folded).as("fold of %s after %s", f.id, d.rule()).isEqualTo(f.state);
        for (TaskState t : f.state.tasks().values()) {
            f.state.batch(t.taskId()).ifPresent(b -> assertThat(b.unfinished()).as("unfinished units of %s",
                    t.taskId()).isLessThanOrEqualTo(f.state.definitionOf(t).batch().maxConcurrency()));
        }
    }

    /** Follows load and lets the simulated services answer; true when an attempt ended (a slot was freed). */
    private boolean track(Flow f, WorkflowEvent e) {
        if (e instanceof TaskBatchExpanded b) {
            unitsExpanded += b.count();
        }
        if (e instanceof TaskDispatched t) {
            inFlight.put(t.idempotencyKey(), t.target().serviceId());
            answer(f, t);
            return false;
        }
        if (e instanceof TaskCompleted || e instanceof TaskFailed || e instanceof TaskTimedOut
                || e instanceof TaskCancelled) {
            TaskEvent t = (TaskEvent) e;
            return inFlight.remove(t.taskId() + ":" + t.attempt()) != null;
        }
        return false;
    }

    /** The simulated service's reports for a dispatch; delivery order is up to the inbox. */
    private void answer(Flow f, TaskDispatched t) {
        String service = t.target().serviceId();
        if (rnd.nextDouble() < 0.7) {
            send(f.id, new ReportTaskAccepted(t.taskId(), t.attempt(), service));
        }
        if (rnd.nextDouble() < 0.3) {
            send(f.id, new ReportTaskProgress(t.taskId(), t.attempt(), rnd.nextInt(101), "working"));
        }
        double r = rnd.nextDouble();
        if (t.deadline() != null && r < 0.15) {
            return; // silent: the attempt's timeout will end it
        }
        r = rnd.nextDouble();
        if (r < 0.72) {
            ObjectNode result = JSON.objectNode().put("v", rnd.nextInt(1000)).put("text", "r-" + t.taskId());
            var list = result.putArray("list");
            for (int i = rnd.nextInt(4); i > 0; i--) {
                list.add(rnd.nextInt(100));
            }
            send(f.id, new ReportTaskCompleted(t.taskId(), t.attempt(), result, null, 5L, service, null));
        } else if (r < 0.92) {
            send(f.id, new ReportTaskFailed(t.taskId(), t.attempt(),
                    new TaskError("transient trouble", "IOError", true), service));
        } else {
            send(f.id, new ReportTaskFailed(t.taskId(), t.attempt(),
                    new TaskError("bad input", "ValueError", false), service));
        }
    }

    private void applyTimers(List<TimerChange> changes) {
        for (TimerChange c : changes) {
            if (c instanceof TimerChange.Schedule s) {
                timers.put(s.timer().timerId(s.workflowId()), s);
            } else if (c instanceof TimerChange.Cancel x) {
                timers.remove(x.timer().timerId(x.workflowId()));
            } else {
                throw new IllegalStateException("unknown timer change " + c);
            }
        }
    }

    private void applyReadyQueue(Flow f, ReadyQueueChange change) {
        if (change == ReadyQueueChange.WAITING) {
            assertThat(f.waiting).as("%s reported WAITING twice", f.id).isFalse();
            f.waiting = true;
        } else if (change == ReadyQueueChange.NOT_WAITING) {
            assertThat(f.waiting).as("%s reported NOT_WAITING while not waiting", f.id).isTrue();
            f.waiting = false;
        }
        assertThat(f.waiting).as("%s waits exactly when it has ready tasks", f.id).isEqualTo(f.state.hasReadyTasks());
    }

    private RoutingSnapshot routing() {
        Map<String, Integer> load = new HashMap<>();
        inFlight.values().forEach(s -> load.merge(s, 1, Integer::sum));
        List<ServiceCandidate> now = new ArrayList<>();
        for (ServiceCandidate s : services) {
            ServiceCandidate c = s;
            for (int i = load.getOrDefault(s.serviceId(), 0); i > 0; i--) {
                c = c.withOneMoreInFlight();
            }
            now.add(c);
        }
        return RoutingSnapshot.of(now);
    }

    private void send(String workflowId, WorkflowCommand command) {
        inbox.add(new CommandEnvelope("c" + ++commandSeq, workflowId, now, "sim", null, command));
    }

    private void checkEnd(Flow f) {
        assertThat(f.state.status().isTerminal()).as("%s ended, is %s", f.id, f.state.status()).isTrue();
        assertThat(WorkflowEvolver.fold(f.id, f.recorded)).as("full fold of %s", f.id).isEqualTo(f.state);
        WorkflowEvent last = f.recorded.get(f.recorded.size() - 1).payload();
        assertThat(last).as("the terminal event of %s is its last", f.id).isNotInstanceOf(TaskEvent.class);
        Map<String, Integer> dispatches = new HashMap<>();
        for (EventEnvelope<WorkflowEvent> e : f.recorded) {
            if (e.payload() instanceof TaskDispatched t) {
                dispatches.merge(t.idempotencyKey(), 1, Integer::sum);
            }
        }
        assertThat(dispatches).as("dispatches per attempt of %s", f.id).allSatisfy((k, n) -> assertThat(n).isOne());
        f.state.tasks().values().forEach(t -> assertThat(t.attemptsMade())
                .as("attempts of %s", t.taskId()).isEqualTo(dispatchesOf(dispatches, t.taskId())));
        f.state.tasks().values().forEach(t -> f.state.unitsOf(t.taskId()).forEach(u -> {
            assertThat(u.status().isTerminal()).as("unit %s ended", u.taskId()).isTrue();
            assertThat(u.attemptsMade()).as("attempts of %s", u.taskId())
                    .isEqualTo(dispatchesOf(dispatches, u.taskId()));
        }));
    }

    private static int dispatchesOf(Map<String, Integer> dispatches, String taskId) {
        return (int) dispatches.keySet().stream().filter(k -> k.startsWith(taskId + ":")).count();
    }

    int decisions() {
        return decisions;
    }

    /** How many batch units the batch tasks made. */
    int unitsExpanded() {
        return unitsExpanded;
    }

    /** How many workflows ended in each status. */
    Map<String, Long> outcomes() {
        Map<String, Long> out = new TreeMap<>();
        flows.values().forEach(f -> out.merge(f.state.status().name(), 1L, Long::sum));
        return out;
    }

    // ---- random workflows -------------------------------------------------------------------------------------

    private WorkflowDefinition randomWorkflow(String id) {
        Workflows.Builder b = Workflows.workflow(id)
                .errorStrategy(rnd.nextBoolean() ? ErrorStrategy.STOP : ErrorStrategy.CONTINUE);
        if (rnd.nextDouble() < 0.2) {
            b.timeout(Duration.ofSeconds(5 + rnd.nextInt(30)));
        }
        int n = 1 + rnd.nextInt(10);
        for (int i = 0; i < n; i++) {
            List<String> deps = new ArrayList<>();
            for (int j = 0; j < i && deps.size() < 3; j++) {
                if (rnd.nextDouble() < 0.3) {
                    deps.add("t" + j);
                }
            }
            addTask(b, "t" + i, deps);
        }
        return b.build();
    }

    private ArrayNode literalItems() {
        var items = JSON.arrayNode();
        for (int i = rnd.nextInt(6); i > 0; i--) {
            items.add(rnd.nextInt(100));
        }
        return items;
    }

    private void addTask(Workflows.Builder b, String name, List<String> deps) {
        double kind = rnd.nextDouble();
        TaskType type = kind < 0.6 ? TaskType.FUNCTION : kind < 0.85 ? TaskType.TEXT : TaskType.EXTERNAL;
        RetryPolicy retry = new RetryPolicy(1 + rnd.nextInt(3), rnd.nextBoolean() ? Backoff.FIXED
                : Backoff.EXPONENTIAL, Duration.ofMillis(100 + rnd.nextInt(900)), Duration.ofSeconds(3), 0.1);
        Duration timeout = rnd.nextDouble() < 0.3 ? Duration.ofSeconds(2 + rnd.nextInt(8)) : null;
        Priority priority = Priority.values()[rnd.nextInt(Priority.values().length)];
        String input = deps.isEmpty() ? "seed"
                : rnd.nextDouble() < 0.05 ? "{{" + deps.get(0) + ".result.missing}}"
                : "{{" + deps.get(0) + ".result.v}}";
        boolean pinned = type == TaskType.FUNCTION && rnd.nextDouble() < 0.05;
        boolean batch = type == TaskType.FUNCTION && !pinned && rnd.nextDouble() < 0.25;
        b.task(name, type, t -> {
            t.dependsOn(deps.toArray(String[]::new)).retry(retry).timeout(timeout).priority(priority);
            if (batch) {
                // over a literal list, or over a dependency's result list (which may be empty)
                var items = deps.isEmpty() || rnd.nextBoolean() ? literalItems() : TextNode.valueOf("{{" + deps.get(0)
                        + ".result.list}}");
                t.param("function", "f" + (1 + rnd.nextInt(3))).param("args", JSON.arrayNode().add("{{item}}"))
                        .batch(items, 1 + rnd.nextInt(3));
            } else if (type == TaskType.FUNCTION) {
                t.param("function", pinned ? "f1" : "f" + (1 + rnd.nextInt(3))).param("args", TextNode.valueOf(input));
                if (pinned) {
                    t.service("fn-2");
                }
            } else if (type == TaskType.TEXT) {
                t.param("prompt", "Think about " + input).param("model", "llama3");
            } else {
                t.param("task_type", "custom_x").param("input", input);
            }
        });
    }
}

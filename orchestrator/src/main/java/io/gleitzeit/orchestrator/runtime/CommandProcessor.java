package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.AppendCondition;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.log.WrongExpectedVersionException;
import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.log.redis.EntryHandler;
import io.gleitzeit.log.redis.StreamEntry;
import io.gleitzeit.orchestrator.decider.Decider;
import io.gleitzeit.orchestrator.decider.Decision;
import io.gleitzeit.orchestrator.decider.DecisionContext;
import io.gleitzeit.payload.LargePayloads;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one command from a command stream into an atomic append: load the workflow's state (cached, or folded from
 * its stream), decide, append with the state's version as the expected version. A version conflict (another
 * replica appended first) re-reads the newer events and decides again; a decision to do nothing taken on a cached
 * state is confirmed against the stream first, so a stale cache can never swallow a command. A command's payload
 * stored by reference is resolved first: the decider sees values (the log stores large ones by reference again).
 */
final class CommandProcessor implements EntryHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    private final EventLog log;
    private final EntryDecoder decoder;
    private final LargePayloads payloads;
    private final Decider decider;
    private final RoutingSource routing;
    private final WorkflowStateCache cache;
    private final Clock clock;
    private final Executor decisions;
    private final String producer;
    private final int maxConflictRetries;
    private final RuntimeMetrics metrics;

    CommandProcessor(EventLog log, EntryDecoder decoder, LargePayloads payloads, Decider decider, RoutingSource routing,
                     WorkflowStateCache cache, Clock clock, Executor decisions, String producer,
                     int maxConflictRetries, RuntimeMetrics metrics) {
        this.log = Objects.requireNonNull(log, "log");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.decider = Objects.requireNonNull(decider, "decider");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.maxConflictRetries = maxConflictRetries;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public CompletionStage<Void> handle(StreamEntry entry) {
        CommandEnvelope command = decoder.feedEntry(entry).command();
        return payloads.resolve(command).thenCompose(this::process);
    }

    /** Decides on one command and appends the result; completes when the effect is stored (or none is needed). */
    CompletionStage<Void> process(CommandEnvelope command) {
        String workflowId = command.workflowId();
        return cache.get(workflowId)
                .map(state -> attempt(command, state, Freshness.CACHED, 0))
                .orElseGet(() -> load(workflowId).thenCompose(state -> attempt(command, state, Freshness.READ, 0)));
    }

    private enum Freshness { CACHED, READ }

    private CompletionStage<Void> attempt(CommandEnvelope command, WorkflowState state, Freshness freshness,
                                          int conflicts) {
        return CompletableFuture.supplyAsync(() -> decide(command, state), decisions).thenCompose(decided -> {
            Decision decision = decided.decision();
            if (decision.isEmpty()) {
                if (freshness == Freshness.CACHED) {
                    return refresh(state).thenCompose(fresh -> fresh.version() == state.version()
                            ? done(command, decision)
                            : attempt(command, fresh, Freshness.READ, conflicts));
                }
                return done(command, decision);
            }
            AppendRequest request = toAppend(command, state, decided);
            return log.append(request).handle((result, error) -> {
                if (error == null) {
                    cache.put(decision.state());
                    metrics.decided(decision, request.events().size());
                    return CompletableFuture.<Void>completedFuture(null);
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof WrongExpectedVersionException && conflicts < maxConflictRetries) {
                    metrics.conflict();
                    cache.invalidate(command.workflowId());
                    return refresh(state).thenCompose(fresh -> attempt(command, fresh, Freshness.READ, conflicts + 1));
                }
                return CompletableFuture.<Void>failedFuture(cause);
            }).thenCompose(stage -> stage);
        });
    }

    /** A decision and the time it was taken at (the time its events carry). */
    private record Decided(Decision decision, Instant at) {
    }

    private Decided decide(CommandEnvelope command, WorkflowState state) {
        Instant now = clock.instant();
        Decision decision = decider.decide(state, command, new DecisionContext(now, routing.current()));
        routing.decided(decision.events());
        return new Decided(decision, now);
    }

    private CompletionStage<Void> done(CommandEnvelope command, Decision decision) {
        metrics.ignored();
        if (LOG.isDebugEnabled()) {
            LOG.debug("command {} ({}) changed nothing: {}", command.commandId(),
                    command.payload().getClass().getSimpleName(), decision.rule());
        }
        return CompletableFuture.completedFuture(null);
    }

    private AppendRequest toAppend(CommandEnvelope command, WorkflowState state, Decided decided) {
        Decision decision = decided.decision();
        List<EventEnvelope<WorkflowEvent>> envelopes = new ArrayList<>(decision.events().size());
        long version = state.version();
        // The decider applied the events at the context's time; the envelopes must carry the same time so that the
        // state it returns equals the fold of what is stored.
        Instant occurredAt = decided.at();
        int index = 0;
        for (WorkflowEvent event : decision.events()) {
            envelopes.add(new EventEnvelope<>(EventIds.of(command.commandId(), index++), command.workflowId(),
                    ++version, occurredAt, command.commandId(), command.correlationId(), producer, event));
        }
        return new AppendRequest(command.workflowId(), AppendCondition.expectVersion(state.version()), envelopes,
                decision.timers(), decision.readyQueue());
    }

    private CompletionStage<WorkflowState> load(String workflowId) {
        return log.readWorkflow(workflowId, 0).thenApply(events -> {
            WorkflowState state = WorkflowEvolver.fold(workflowId, events);
            cache.put(state);
            return state;
        });
    }

    private CompletionStage<WorkflowState> refresh(WorkflowState state) {
        return log.readWorkflow(state.workflowId(), state.version()).thenApply(newer -> {
            WorkflowState fresh = state;
            for (var e : newer) {
                fresh = WorkflowEvolver.evolve(fresh, e);
            }
            cache.put(fresh);
            return fresh;
        });
    }
}

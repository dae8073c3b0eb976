package io.gleitzeit.log.redis;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.EventParked;
import io.gleitzeit.event.ClusterEvent;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.PendingMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs batches of entries through the handler for one consumer, keeping per-workflow order: entries of a parked
 * workflow are held; a failure blocks its workflow's later entries until the consumer's own pending entries are
 * delivered again; successes are acknowledged with one XACK per stream and batch. Used by the poll thread only.
 */
final class BatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

    private final ConsumerContext context;
    private final EntryHandler handler;
    /** Per stream, the workflows (lanes) whose entries wait behind a failed one until the next own-pending pass. */
    private final Map<String, Set<String>> blocked = new HashMap<>();
    /** Streams where this consumer has pending entries that must be delivered again. */
    private final Set<String> ownPending = new HashSet<>();
    /** Per stream, how many workflows its scope has parked (HLEN), refreshed periodically: 0 skips the check. */
    private final Map<String, Long> parkedCounts = new HashMap<>();
    /** The last error of each failed entry ({@code <stream> <id>}), for its dead letter. */
    private final Map<String, String> lastErrors = new HashMap<>();
    /**
     * Per entry ({@code <stream> <id>}), deliveries that were no attempt: it was read but waited behind a failed
     * entry of its workflow. Redis counts them as deliveries; parking must not, or an entry that never ran would be
     * parked. Forgotten on restart, when Redis' count is all there is.
     */
    private final Map<String, Integer> notAttempted = new HashMap<>();

    BatchProcessor(ConsumerContext context, EntryHandler handler) {
        this.context = context;
        this.handler = handler;
    }

    Set<String> streamsWithOwnPending() {
        return ownPending;
    }

    void markOwnPending(String stream) {
        ownPending.add(stream);
    }

    /** Starts an own-pending pass: everything pending will be delivered again, in order. */
    void beginOwnPendingPass(String stream) {
        ownPending.remove(stream);
        blocked.computeIfAbsent(stream, s -> new HashSet<>()).clear();
    }

    void refreshParkedCounts() {
        Map<String, CompletableFuture<Long>> counts = new LinkedHashMap<>();
        for (String stream : context.options.streams()) {
            counts.put(stream, context.deadLetters.parkedCount(stream).toCompletableFuture());
        }
        counts.forEach((stream, count) -> parkedCounts.put(stream, context.await(count)));
    }

    /** Handles a batch (entries of any of the consumer's streams, in stream order per stream) and acknowledges. */
    void process(List<StreamEntry> batch) {
        Map<String, List<StreamEntry>> byStream = new LinkedHashMap<>();
        batch.forEach(e -> byStream.computeIfAbsent(e.stream(), s -> new ArrayList<>()).add(e));
        // The parked checks of all streams go out together: one round trip however many streams the batch spans.
        Map<String, CompletableFuture<Set<String>>> parked = new LinkedHashMap<>();
        byStream.forEach((stream, entries) -> parked.put(stream, parkedAmong(stream, entries)));
        Map<String, List<String>> acks = new LinkedHashMap<>();
        List<Lane> lanes = new ArrayList<>();
        byStream.forEach((stream, entries) ->
                lanes.addAll(plan(stream, entries, context.await(parked.get(stream)), acks)));

        List<CompletableFuture<Void>> running = new ArrayList<>(lanes.size());
        lanes.forEach(lane -> running.add(lane.run(handler)));
        context.await(CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)));

        for (Lane lane : lanes) {
            for (StreamEntry done : lane.succeeded()) {
                acks.computeIfAbsent(lane.stream(), s -> new ArrayList<>()).add(done.id().redisId());
                lastErrors.remove(errorKey(done.stream(), done.id().redisId()));
                notAttempted.remove(errorKey(done.stream(), done.id().redisId()));
            }
            lane.skipped().forEach(this::noteNotAttempted);
            if (lane.leftEntriesBehind()) {
                StreamEntry failed = lane.failed();
                String message = String.valueOf(lane.failure());
                if (lastErrors.size() >= MAX_REMEMBERED) {
                    // Entries claimed away by other consumers never come back here; only their reasons are lost.
                    lastErrors.clear();
                }
                lastErrors.put(errorKey(failed.stream(), failed.id().redisId()), message);
                blocked.computeIfAbsent(lane.stream(), s -> new HashSet<>()).add(lane.key());
                ownPending.add(lane.stream());
                LOG.debug("{} of {} failed in group {}: {}", failed.id().redisId(), failed.stream(),
                        context.options.group(), message);
            }
        }
        acknowledge(acks);
    }

    /** Sorts a stream's entries into lanes, holds those of parked workflows, and notes deleted ones for acking. */
    private List<Lane> plan(String stream, List<StreamEntry> entries, Set<String> parked,
                            Map<String, List<String>> acks) {
        Set<String> blockedHere = blocked.computeIfAbsent(stream, s -> new HashSet<>());
        Map<String, Lane> lanes = new LinkedHashMap<>();
        Map<String, List<String>> toHold = new LinkedHashMap<>();
        for (StreamEntry entry : entries) {
            String lane = entry.workflowId().orElse("");
            if (entry.isDeleted()) {
                // Trimmed while pending: there is nothing left to handle.
                acks.computeIfAbsent(stream, s -> new ArrayList<>()).add(entry.id().redisId());
            } else if (blockedHere.contains(lane)) {
                ownPending.add(stream);
                noteNotAttempted(entry);
            } else if (!lane.isEmpty() && parked.contains(lane)) {
                toHold.computeIfAbsent(lane, w -> new ArrayList<>()).add(entry.id().redisId());
            } else {
                lanes.computeIfAbsent(lane, key -> new Lane(stream, key)).add(entry);
            }
        }
        toHold.forEach((workflowId, ids) -> {
            for (DeadLetters.Result r : context.await(context.deadLetters.hold(stream, context.options.group(),
                    context.options.consumer(), workflowId, ids))) {
                String key = errorKey(stream, r.entryId());
                if (r.outcome() == DeadLetters.Outcome.NOT_PARKED) {
                    // Re-driven meanwhile: leave it pending and deliver it again in order with the rest.
                    blockedHere.add(workflowId);
                    ownPending.add(stream);
                    notAttempted.merge(key, 1, Integer::sum);
                } else {
                    notAttempted.remove(key);
                }
            }
        });
        return new ArrayList<>(lanes.values());
    }

    private CompletableFuture<Set<String>> parkedAmong(String stream, List<StreamEntry> entries) {
        if (parkedCounts.getOrDefault(stream, 0L) == 0) {
            return CompletableFuture.completedFuture(Set.of());
        }
        List<String> workflows = entries.stream().map(StreamEntry::workflowId)
                .flatMap(Optional::stream).distinct().toList();
        return context.deadLetters.parkedAmong(stream, context.options.group(), workflows).toCompletableFuture();
    }

    private void acknowledge(Map<String, List<String>> acks) {
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        acks.forEach((stream, ids) -> {
            if (!ids.isEmpty()) {
                sent.add(context.redis.xack(stream, context.options.group(), ids.toArray(String[]::new))
                        .toCompletableFuture());
            }
        });
        context.await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));
    }

    /**
     * Parks own pending entries that reached the delivery limit; an entry of a workflow parked already is held.
     * Their bodies are read first (XRANGE, which does not count as a delivery) to learn their workflows.
     */
    void parkExhausted(String stream, List<PendingMessage> exhausted) {
        List<CompletableFuture<List<StreamMessage<String, String>>>> reads = new ArrayList<>();
        for (PendingMessage p : exhausted) {
            reads.add(context.redis.xrange(stream, Range.create(p.getId(), p.getId())).toCompletableFuture());
        }
        context.await(CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)));
        Map<String, List<DeadLetters.Candidate>> byWorkflow = new LinkedHashMap<>();
        Map<String, List<String>> gone = new LinkedHashMap<>();
        for (int i = 0; i < exhausted.size(); i++) {
            PendingMessage p = exhausted.get(i);
            List<StreamMessage<String, String>> found = reads.get(i).join();
            if (found.isEmpty()) {
                gone.computeIfAbsent(stream, s -> new ArrayList<>()).add(p.getId());
                continue;
            }
            String workflowId = found.get(0).getBody().getOrDefault(StreamEntry.WORKFLOW_FIELD, "");
            String reason = lastErrors.getOrDefault(errorKey(stream, p.getId()),
                    "no success in " + p.getRedeliveryCount() + " deliveries (last error unknown to this consumer)");
            byWorkflow.computeIfAbsent(workflowId, w -> new ArrayList<>())
                    .add(new DeadLetters.Candidate(p.getId(), p.getRedeliveryCount(), reason));
        }
        acknowledge(gone);
        byWorkflow.forEach((workflowId, candidates) -> park(stream, workflowId, candidates));
    }

    private void park(String stream, String workflowId, List<DeadLetters.Candidate> candidates) {
        String wf = workflowId.isEmpty() ? null : workflowId;
        List<DeadLetters.Result> results = context.await(context.deadLetters.park(stream, context.options.group(),
                context.options.consumer(), wf, candidates, context.options.clock().instant()));
        for (int i = 0; i < results.size(); i++) {
            DeadLetters.Result result = results.get(i);
            DeadLetters.Candidate candidate = candidates.get(i);
            lastErrors.remove(errorKey(stream, candidate.entryId()));
            notAttempted.remove(errorKey(stream, candidate.entryId()));
            if (result.outcome() == DeadLetters.Outcome.PARKED) {
                if (wf != null) {
                    parkedCounts.merge(stream, 1L, Long::sum);
                }
                LOG.warn("parked {} of {} (workflow {}) for group {} after {} deliveries: {}", candidate.entryId(),
                        stream, wf, context.options.group(), candidate.deliveries(), candidate.reason());
                announce(stream, wf, candidate);
            }
        }
    }

    private void announce(String stream, String workflowId, DeadLetters.Candidate parked) {
        EventParked event = new EventParked(stream, parked.entryId(), context.options.group(), workflowId,
                parked.deliveries(), parked.reason());
        EventEnvelope<ClusterEvent> envelope = new EventEnvelope<>(
                "parked:" + stream + ":" + parked.entryId() + ":" + context.options.group(), null, 0,
                context.options.clock().instant(), parked.entryId(), workflowId, context.options.consumer(), event);
        try {
            context.await(context.clusterEvents.appendClusterEvent(envelope));
        } catch (RuntimeException e) {
            if (e instanceof ConsumerContext.Aborted) {
                throw e;
            }
            // The entry is parked either way; the dead-letter stream still records it.
            LOG.error("could not announce the parked entry {} of {}", parked.entryId(), stream, e);
        }
    }

    private static final int MAX_REMEMBERED = 10_000;

    private void noteNotAttempted(StreamEntry entry) {
        if (notAttempted.size() >= MAX_REMEMBERED) {
            notAttempted.clear();
        }
        notAttempted.merge(errorKey(entry.stream(), entry.id().redisId()), 1, Integer::sum);
    }

    /** How often a pending entry was really handed to the handler: Redis' delivery count less the waits. */
    long attempts(String stream, PendingMessage pending) {
        return pending.getRedeliveryCount() - notAttempted.getOrDefault(errorKey(stream, pending.getId()), 0);
    }

    private static String errorKey(String stream, String id) {
        return stream + " " + id;
    }
}

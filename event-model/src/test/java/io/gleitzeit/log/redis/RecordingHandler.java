package io.gleitzeit.log.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A handler for consumer tests: records every delivery (command id per workflow), completes asynchronously after
 * a short delay, fails entries a predicate picks, and notes how many entries of one workflow ran at once.
 */
final class RecordingHandler implements EntryHandler {
    private static final Executor LATER = CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS);

    private final EntryDecoder decoder;
    private final List<String> deliveries = new ArrayList<>();
    private final List<String> successes = new ArrayList<>();
    private final Map<String, AtomicInteger> inFlightPerWorkflow = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger mostInFlightOfOneWorkflow = new AtomicInteger();
    private volatile Predicate<String> failing = id -> false;

    RecordingHandler(EntryDecoder decoder) {
        this.decoder = decoder;
    }

    /** Entries whose command id matches fail (until changed). */
    RecordingHandler failWhen(Predicate<String> commandIds) {
        this.failing = commandIds;
        return this;
    }

    @Override
    public CompletionStage<Void> handle(StreamEntry entry) {
        String id = decoder.feedEntry(entry).command().commandId();
        String workflow = entry.workflowId().orElseThrow();
        synchronized (this) {
            deliveries.add(id);
        }
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        AtomicInteger ofWorkflow = inFlightPerWorkflow.computeIfAbsent(workflow, w -> new AtomicInteger());
        mostInFlightOfOneWorkflow.accumulateAndGet(ofWorkflow.incrementAndGet(), Math::max);
        boolean fail = failing.test(id);
        return CompletableFuture.runAsync(() -> {
            ofWorkflow.decrementAndGet();
            inFlight.decrementAndGet();
            if (fail) {
                throw new IllegalStateException("refusing " + id);
            }
            synchronized (this) {
                successes.add(id);
            }
        }, LATER);
    }

    synchronized List<String> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized List<String> successes() {
        return List.copyOf(successes);
    }

    /** Successful command ids that start with {@code prefix}, in the order they succeeded. */
    synchronized List<String> successesOf(String prefix) {
        return successes.stream().filter(id -> id.startsWith(prefix)).toList();
    }

    synchronized long deliveriesOf(String commandId) {
        return deliveries.stream().filter(commandId::equals).count();
    }

    int mostInFlight() {
        return mostInFlight.get();
    }

    int mostInFlightOfOneWorkflow() {
        return mostInFlightOfOneWorkflow.get();
    }
}

package io.gleitzeit.log.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The entries of one workflow (or of entries naming none) within a batch of one stream, handled strictly one after
 * the other in stream order. The first failure stops the lane: the entries behind it are not handled.
 */
final class Lane {
    private final String stream;
    private final String key;
    private final List<StreamEntry> entries = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int handled;
    private Throwable failure;

    Lane(String stream, String key) {
        this.stream = stream;
        this.key = key;
    }

    String stream() {
        return stream;
    }

    /** The workflow id, or {@code ""} for the lane of entries without one. */
    String key() {
        return key;
    }

    void add(StreamEntry entry) {
        entries.add(entry);
    }

    /** Handles the entries in order; completes (never exceptionally) when all succeeded or one failed. */
    CompletableFuture<Void> run(EntryHandler handler) {
        advance(handler);
        return done;
    }

    // A loop rather than recursion over thenCompose, so a long lane of synchronous handlers cannot overflow the
    // stack; an asynchronous completion continues the loop on the completing thread.
    private void advance(EntryHandler handler) {
        while (handled < entries.size()) {
            CompletableFuture<Void> step = invoke(handler, entries.get(handled));
            if (!step.isDone()) {
                step.whenComplete((ignored, error) -> {
                    if (error != null) {
                        fail(error);
                    } else {
                        handled++;
                        advance(handler);
                    }
                });
                return;
            }
            if (step.isCompletedExceptionally()) {
                step.whenComplete((ignored, error) -> fail(error));
                return;
            }
            handled++;
        }
        done.complete(null);
    }

    private void fail(Throwable error) {
        failure = RedisFailures.unwrap(error);
        done.complete(null);
    }

    private static CompletableFuture<Void> invoke(EntryHandler handler, StreamEntry entry) {
        try {
            CompletionStage<Void> stage = handler.handle(entry);
            return stage == null
                    ? CompletableFuture.failedFuture(new NullPointerException("the handler returned no stage"))
                    : stage.toCompletableFuture();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            // A throwing handler is a failed entry like any other, not the end of the consumer.
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The entries handled successfully (valid once {@link #run} completed). */
    List<StreamEntry> succeeded() {
        return entries.subList(0, handled);
    }

    /** The entry that failed, or {@code null}. */
    StreamEntry failed() {
        return failure == null ? null : entries.get(handled);
    }

    /** The entries behind the failed one, which were not handled (valid once {@link #run} completed). */
    List<StreamEntry> skipped() {
        return failure == null ? List.of() : entries.subList(handled + 1, entries.size());
    }

    Throwable failure() {
        return failure;
    }

    /** Whether entries were left unhandled behind a failure. */
    boolean leftEntriesBehind() {
        return failure != null;
    }
}

package io.gleitzeit.log.redis;

import io.gleitzeit.log.GleitzeitException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Repeats an idempotent Redis operation that failed transiently (a restart, a failover, LOADING, TRYAGAIN) with
 * exponential backoff, a bounded number of times; the last failure is passed on. Only for operations whose repeat
 * cannot double an effect.
 */
final class TransientRetry {
    static final int ATTEMPTS = 6;
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(2);

    private TransientRetry() {
    }

    /** Runs {@code attempt}, again after 0.1, 0.2, 0.4, 0.8, 1.6 s while it fails transiently (about 3 s in all). */
    static <T> CompletionStage<T> run(Supplier<CompletionStage<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(attempt, 1, FIRST_DELAY.toMillis(), result);
        return result;
    }

    private static <T> void attempt(Supplier<CompletionStage<T>> attempt, int number, long delayMillis,
                                    CompletableFuture<T> result) {
        CompletionStage<T> stage;
        try {
            stage = attempt.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        stage.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = RedisFailures.unwrap(error);
            if (number < ATTEMPTS && cause instanceof GleitzeitException g && g.isTransient()) {
                CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(() -> attempt(attempt,
                        number + 1, Math.min(delayMillis * 2, MAX_DELAY.toMillis()), result));
            } else {
                result.completeExceptionally(cause);
            }
        });
    }
}

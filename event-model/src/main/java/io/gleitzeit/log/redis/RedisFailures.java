package io.gleitzeit.log.redis;

import io.gleitzeit.log.GleitzeitException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Classifies what Redis or Lettuce threw: unreachable or slow is transient, anything else permanent. */
final class RedisFailures {
    private RedisFailures() {
    }

    /** The root failure behind completion wrappers. */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code error} unchanged when it is already classified, else a {@link GleitzeitException} saying what failed. */
    static RuntimeException classify(String what, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof GleitzeitException g) {
            return g;
        }
        if (cause instanceof RedisConnectionException || cause instanceof RedisCommandTimeoutException
                || cause instanceof RedisException && cause.getMessage() != null && isPassing(cause.getMessage())) {
            return GleitzeitException.transientFailure(what + ": " + cause.getMessage(), cause);
        }
        if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
            return (RuntimeException) cause;
        }
        return GleitzeitException.permanentFailure(what + ": " + cause.getMessage(), cause);
    }

    /** Waits for {@code future} and classifies its failure. */
    static <T> T join(java.util.concurrent.CompletableFuture<T> future, String what) {
        try {
            return future.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            throw classify(what, e);
        }
    }

    /**
     * Replies that say the server is restarting or a failover is under way (a later try may succeed): LOADING and BUSY
     * after a restart, TRYAGAIN/CLUSTERDOWN/MASTERDOWN/READONLY/UNBLOCKED while a primary changes, and a closed
     * connection.
     */
    private static boolean isPassing(String message) {
        for (String code : TRANSIENT_CODES) {
            if (message.startsWith(code)) {
                return true;
            }
        }
        return message.contains("Connection closed");
    }

    private static final java.util.List<String> TRANSIENT_CODES = java.util.List.of("LOADING", "BUSY", "TRYAGAIN",
            "CLUSTERDOWN", "MASTERDOWN", "READONLY", "UNBLOCKED");

    /** Whether the error is Redis saying a consumer group does not exist (e.g. after a restart emptied the server). */
    static boolean isNoGroup(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("NOGROUP")) {
                return true;
            }
        }
        return false;
    }
}

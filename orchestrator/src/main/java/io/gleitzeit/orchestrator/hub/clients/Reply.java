package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.AckError;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What an asynchronous client handler answers: an ok body or an error, decided once the reads are done. */
sealed interface Reply {

    /** {@code {"ok": true, ...body}}; {@code body} is a record, map or JSON object, or {@code null} for nothing more. */
    record Ok(Object body) implements Reply {
    }

    /** {@code {"ok": false, "error": ...}}. */
    record Error(AckError error) implements Reply {
        public Error {
            Objects.requireNonNull(error, "error");
        }
    }

    static Reply ok(Object body) {
        return new Ok(body);
    }

    static Reply error(String code, String message) {
        return new Error(AckError.of(code, message));
    }

    /** Answers {@code ack} when {@code reply} completes; a failure is answered {@code internal} (and logged). */
    static void answer(CompletionStage<Reply> reply, Ack ack) {
        reply.whenComplete((r, failure) -> {
            if (failure != null) {
                ack.completeWith(reply);
            } else if (r instanceof Error e) {
                ack.error(e.error());
            } else {
                ack.completeWith(CompletableFuture.completedFuture(((Ok) r).body()));
            }
        });
    }
}

package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AsyncFunctionsTest {
    private final Builtins builtins = new Builtins();

    @Nested
    class AsyncTimer {
        @Test
        void waitsAndReportsTheTimeTaken() {
            JsonNode result = builtins.call("async_timer", "{\"duration\": 0.05, \"message\": \"done\"}");

            assertThat(result.get("message").asText()).isEqualTo("done");
            assertThat(result.get("requested_duration").asDouble()).isEqualTo(0.05);
            assertThat(result.get("actual_duration").asDouble()).isGreaterThanOrEqualTo(0.05);
            assertThat(result.get("completed_at").asText()).isEqualTo("2025-01-31T13:34:56.789000");
        }

        @Test
        void secondsIsAcceptedForDuration() {
            assertThat(builtins.call("async_timer", "{\"seconds\": 0}").get("message").asText())
                    .isEqualTo("Timer complete");
        }

        @Test
        void stopsAtOnceWhenInterrupted() throws Exception {
            // given a timer of five minutes on its own thread
            AtomicReference<Thread> worker = new AtomicReference<>();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                worker.set(Thread.currentThread());
                try {
                    builtins.registry().invoke("async_timer", null, builtins.json("{\"duration\": 300}"), null);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            while (worker.get() == null) {
                Thread.onSpinWait();
            }

            // when
            worker.get().interrupt();

            // then
            assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }

        @Test
        void durationsOutsideZeroToThreeHundredAreRefused() {
            assertThat(builtins.failure("async_timer", "{\"duration\": 301}"))
                    .hasMessage("duration must be within 0..300 seconds, was 301.0");
            assertThat(builtins.failure("async_timer", "{\"duration\": -1}").fault().retryable()).isFalse();
        }
    }

    @Nested
    class AsyncBatchProcess {
        @Test
        void processesItemsInBatchesCountingTheirTypes() {
            JsonNode result = builtins.call("async_batch_process",
                    "{\"items\": [1, \"a\", 2.5, null, {\"k\": 1}], \"batch_size\": 2, \"delay\": 0}");

            assertThat(result).isEqualTo(builtins.json("""
                    {"total_items": 5, "total_batches": 3, "batch_size": 2, "processing_delay": 0.0,
                     "batches": [{"batch_number": 1, "items_processed": 2, "item_types": {"int": 1, "str": 1}},
                                 {"batch_number": 2, "items_processed": 2, "item_types": {"float": 1, "NoneType": 1}},
                                 {"batch_number": 3, "items_processed": 1, "item_types": {"dict": 1}}],
                     "summary": {"total_processed": 5}}"""));
        }

        @Test
        void batchSizeAndDelayAreCapped() {
            JsonNode result = builtins.call("async_batch_process", "{\"items\": [], \"batch_size\": 500, \"delay\": 0}");

            assertThat(result.get("batch_size").asInt()).isEqualTo(100);
            assertThat(result.get("total_batches").asInt()).isZero();
        }

        @Test
        void badSizesAreRefused() {
            assertThat(builtins.failure("async_batch_process", "{\"items\": [1], \"batch_size\": 0}"))
                    .hasMessage("batch_size must be at least 1, was 0");
            assertThat(builtins.failure("async_batch_process", "{\"items\": [1], \"delay\": -1}"))
                    .hasMessage("delay must not be negative, was -1.0");
        }
    }
}

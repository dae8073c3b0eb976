package io.gleitzeit.log.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.log.StreamPosition;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsumerOptionsTest {
    private static ConsumerOptions.Builder valid() {
        return ConsumerOptions.newBuilder().group("decider").consumer("replica-1").streams("gz:{p0}:commands");
    }

    @Nested
    class Build {
        @Test
        void appliesTheDocumentedDefaults() {
            ConsumerOptions options = valid().build();

            assertThat(options.batchSize()).isEqualTo(ConsumerOptions.DEFAULT_BATCH_SIZE).isEqualTo(256);
            assertThat(options.block()).isEqualTo(ConsumerOptions.DEFAULT_BLOCK).isEqualTo(Duration.ofMillis(200));
            assertThat(options.claimIdle()).isEqualTo(Duration.ofSeconds(30));
            assertThat(options.claimInterval()).isEqualTo(ConsumerOptions.DEFAULT_CLAIM_INTERVAL);
            assertThat(options.retryDelay()).isEqualTo(ConsumerOptions.DEFAULT_RETRY_DELAY);
            assertThat(options.maxDeliveries()).isEqualTo(5);
            assertThat(options.startPosition()).isEqualTo(StreamPosition.FIRST);
        }

        @Test
        void copiesEveryValueThroughToBuilder() {
            ConsumerOptions options = valid().batchSize(10).block(Duration.ofMillis(5)).maxDeliveries(2)
                    .startPosition(StreamPosition.LATEST).build();

            ConsumerOptions copy = options.toBuilder().consumer("replica-2").build();

            assertThat(copy.consumer()).isEqualTo("replica-2");
            assertThat(copy).usingRecursiveComparison().ignoringFields("consumer").isEqualTo(options);
        }

        @Test
        void namesTheFieldThatIsWrong() {
            assertThatThrownBy(() -> valid().group(" ").build()).hasMessageContaining("group");
            assertThatThrownBy(() -> valid().group("a|b").build()).hasMessageContaining("group");
            assertThatThrownBy(() -> valid().consumer(null).build()).hasMessageContaining("consumer");
            assertThatThrownBy(() -> valid().streams(java.util.List.of()).build()).hasMessageContaining("streams");
            assertThatThrownBy(() -> valid().streams("a", "a").build()).hasMessageContaining("repeat");
            assertThatThrownBy(() -> valid().batchSize(0).build()).hasMessageContaining("batchSize");
            assertThatThrownBy(() -> valid().block(Duration.ZERO).build()).hasMessageContaining("block");
            assertThatThrownBy(() -> valid().claimIdle(Duration.ofNanos(5)).build())
                    .hasMessageContaining("claimIdle");
            assertThatThrownBy(() -> valid().retryDelay(Duration.ofMillis(-1)).build())
                    .hasMessageContaining("retryDelay");
            assertThatThrownBy(() -> valid().maxDeliveries(0).build()).hasMessageContaining("maxDeliveries");
        }
    }
}

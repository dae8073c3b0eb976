package io.gleitzeit.log.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.log.PartitionScheme;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {
    private final KeyLayout keys = new KeyLayout("gz:", new PartitionScheme(8));

    @Nested
    class PartitionKeys {
        @Test
        void carryThePartitionHashTag() {
            assertThat(keys.events(3)).isEqualTo("gz:{p3}:events");
            assertThat(keys.commands(3)).isEqualTo("gz:{p3}:commands");
            assertThat(keys.timers(3)).isEqualTo("gz:{p3}:timers");
            assertThat(keys.waiting(3)).isEqualTo("gz:{p3}:waiting");
            assertThat(keys.workflows(3)).isEqualTo("gz:{p3}:workflows");
            assertThat(keys.clusterEvents()).isEqualTo("gz:{cluster}:events");
        }

        @Test
        void putAWorkflowStreamInItsWorkflowsPartition() {
            int partition = keys.partitions().partitionOf("order-7");

            assertThat(keys.workflowStream("order-7")).isEqualTo("gz:{p" + partition + "}:wf:order-7");
        }

        @Test
        void refuseAPartitionOutsideTheScheme() {
            assertThatThrownBy(() -> keys.events(8)).hasMessageContaining("0..7");
        }
    }

    @Nested
    class DeadLetterKeys {
        @Test
        void liveInTheScopeOfTheirStream() {
            assertThat(keys.deadLetters("gz:{p3}:commands")).isEqualTo("gz:{p3}:dlq");
            assertThat(keys.parked("gz:{p3}:commands")).isEqualTo("gz:{p3}:parked");
            assertThat(keys.held("gz:{p3}:commands", "decider", "wf-1"))
                    .isEqualTo("gz:{p3}:held:commands:decider:wf-1");
            assertThat(keys.parkedField("gz:{p3}:commands", "decider", "wf-1")).isEqualTo("commands|decider|wf-1");
            assertThat(keys.deadLetters(keys.clusterEvents())).isEqualTo("gz:{cluster}:dlq");
        }

        @Test
        void refuseAStreamOutsideTheLayout() {
            assertThatThrownBy(() -> keys.deadLetters("other:{p3}:commands"))
                    .hasMessageContaining("other:{p3}:commands").hasMessageContaining("gz:");
            assertThatThrownBy(() -> keys.deadLetters("gz:p3:commands")).hasMessageContaining("gz:p3:commands");
        }

        @Test
        void tellTheirPartition() {
            assertThat(keys.isOfPartition("gz:{p3}:commands", 3)).isTrue();
            assertThat(keys.isOfPartition("gz:{p3}:commands", 4)).isFalse();
            assertThat(keys.isOfPartition(keys.clusterEvents(), 3)).isFalse();
        }
    }

    @Test
    void aPrefixWithBracesIsRefused() {
        assertThatThrownBy(() -> new KeyLayout("gz{x}:", new PartitionScheme(1))).hasMessageContaining("prefix");
    }
}

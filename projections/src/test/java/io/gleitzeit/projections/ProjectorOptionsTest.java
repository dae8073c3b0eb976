package io.gleitzeit.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProjectorOptionsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        ProjectorOptions options = ProjectorOptions.defaults();

        assertThat(options.batchSize()).isEqualTo(ProjectorOptions.DEFAULT_BATCH_SIZE);
        assertThat(options.block()).isEqualTo(ProjectorOptions.DEFAULT_BLOCK);
        assertThat(options.flushInterval()).isEqualTo(ProjectorOptions.DEFAULT_FLUSH_INTERVAL);
        assertThat(options.leaseTtl()).isEqualTo(ProjectorOptions.DEFAULT_LEASE_TTL);
        assertThat(options.standbyPoll()).isEqualTo(ProjectorOptions.DEFAULT_STANDBY_POLL);
        assertThat(options.retireAfter()).isEqualTo(ProjectorOptions.DEFAULT_RETIRE_AFTER);
        assertThat(options.owner()).isNotBlank();
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ProjectorOptions options = ProjectorOptions.newBuilder().owner("me").batchSize(7).build();

        ProjectorOptions copy = options.toBuilder().build();

        assertThat(copy.owner()).isEqualTo("me");
        assertThat(copy.batchSize()).isEqualTo(7);
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ProjectorOptions.newBuilder().batchSize(0).build())
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> ProjectorOptions.newBuilder().block(Duration.ZERO).build())
                .hasMessageContaining("block");
        assertThatThrownBy(() -> ProjectorOptions.newBuilder().owner(" ").build())
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> ProjectorOptions.newBuilder().flushInterval(Duration.ofMillis(-1)).build())
                .hasMessageContaining("flushInterval");
    }

    @Test
    void aLeaseMustOutliveSeveralTurnsOfTheRunner() {
        assertThatThrownBy(() -> ProjectorOptions.newBuilder().leaseTtl(Duration.ofMillis(500)).build())
                .hasMessageContaining("leaseTtl");
    }
}

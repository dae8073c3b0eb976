package io.gleitzeit.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CycleFinderTest {
    private static final int[] NONE = {};

    @Test
    void anAcyclicGraphHasNoCycle() {
        int[][] diamond = {NONE, {0}, {0}, {1, 2}};

        assertThat(CycleFinder.find(diamond)).isEmpty();
    }

    @Test
    void aCycleStartsAndEndsAtItsFirstTaskInDocumentOrder() {
        int[][] graph = {NONE, {3}, {1}, {2}};

        assertThat(CycleFinder.find(graph)).containsExactly(
                new CycleFinder.Cycle(List.of(1, 3, 2, 1), List.of(1, 2, 3)));
    }

    @Test
    void theShortestCycleThroughTheFirstTaskIsChosen() {
        // 0 → 1 → 2 → 3 → 0 and the shortcut 0 → 3.
        int[][] graph = {{1, 3}, {2}, {3}, {0}};

        assertThat(CycleFinder.find(graph)).singleElement()
                .satisfies(c -> assertThat(c.cycle()).containsExactly(0, 3, 0));
    }

    @Test
    void everyStronglyConnectedGroupIsOneCycleOrderedByFirstTask() {
        int[][] graph = {{1}, {0}, {3}, {4}, {3}};

        assertThat(CycleFinder.find(graph)).extracting(CycleFinder.Cycle::members)
                .containsExactly(List.of(0, 1), List.of(3, 4));
    }

    @Test
    void aHundredThousandTaskRingNeedsNoDeepStack() {
        int n = 100_000;
        int[][] ring = new int[n][];
        for (int i = 0; i < n; i++) {
            ring[i] = new int[] {(i + 1) % n};
        }

        assertThat(CycleFinder.find(ring)).singleElement()
                .satisfies(c -> assertThat(c.cycle()).hasSize(n + 1).startsWith(0, 1).endsWith(n - 1, 0));
    }
}

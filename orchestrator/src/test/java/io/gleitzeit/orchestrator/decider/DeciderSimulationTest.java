package io.gleitzeit.orchestrator.decider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random workflows through the decider with duplicated and reordered deliveries ({@link Simulation}). After every
 * decision: the fold of the recorded events equals the decider's state, re-deciding the same command yields nothing,
 * the ready-queue flag matches the state, and a finished workflow leaves no timer behind. At the end: every
 * workflow finished, its terminal event is its last, and every attempt was dispatched exactly once. Some tasks are
 * batches: their units never exceed the window, and every unit ends.
 */
class DeciderSimulationTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 1234, 987654321})
    void randomWorkflowsAlwaysEndConsistentlyUnderDuplicatedAndReorderedCommands(long seed) {
        Simulation simulation = new Simulation(seed);

        Map<Action, Integer> taken = simulation.run(150);

        System.out.println("seed " + seed + ": " + simulation.decisions() + " decisions, workflows "
                + simulation.outcomes() + ", batch units " + simulation.unitsExpanded() + ", actions " + taken);
        // the run is only worth something if it went through every kind of decision
        assertThat(taken.keySet()).containsAll(Stream.of(Action.values()).toList());
        assertThat(simulation.unitsExpanded()).as("batch units run").isPositive();
    }
}

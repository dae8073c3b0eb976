package io.gleitzeit.ops.soak;

import io.gleitzeit.client.WorkflowBuilder;
import io.gleitzeit.client.WorkflowDocument;

/**
 * The soak's mixed load: flat, diamond and chain workflows (in turn) of built-in functions, cheap ones
 * ({@code generate_uuid}, {@code gcd}, {@code hash_text}) and a short {@code async_timer}, so that a killed service is
 * often caught mid-task.
 */
final class SoakLoad {
    private static final double TIMER_SECONDS = 0.2;

    private final String runId;

    SoakLoad(String runId) {
        this.runId = runId;
    }

    /** The {@code n}-th workflow of the run (ids unique per run). */
    WorkflowDocument workflow(long n) {
        String id = "soak-" + runId + "-" + n;
        WorkflowBuilder builder = WorkflowBuilder.named(id).workflowId(id);
        switch ((int) (n % 3)) {
            case 0 -> {
                // flat: independent tasks
                builder.functionTask("uuid", "generate_uuid", t -> { });
                builder.functionTask("gcd", "gcd", t -> t.kwarg("a", 1071 * (n + 1)).kwarg("b", 462));
                builder.functionTask("hash", "hash_text", t -> t.kwarg("text", "soak " + n));
                builder.functionTask("wait", "async_timer", t -> t.kwarg("duration", TIMER_SECONDS));
            }
            case 1 -> {
                // diamond: A -> (B, C) -> D
                builder.functionTask("A", "generate_uuid", t -> { });
                builder.functionTask("B", "async_timer", t -> t.kwarg("duration", TIMER_SECONDS).dependsOn("A"));
                builder.functionTask("C", "hash_text", t -> t.kwarg("text", "diamond " + n).dependsOn("A"));
                builder.functionTask("D", "gcd", t -> t.kwarg("a", 84).kwarg("b", 36).dependsOn("B", "C"));
            }
            default -> {
                // chain of five
                builder.functionTask("c0", "generate_uuid", t -> { });
                builder.functionTask("c1", "hash_text", t -> t.kwarg("text", "chain " + n).dependsOn("c0"));
                builder.functionTask("c2", "async_timer", t -> t.kwarg("duration", TIMER_SECONDS).dependsOn("c1"));
                builder.functionTask("c3", "gcd", t -> t.kwarg("a", 270).kwarg("b", 192).dependsOn("c2"));
                builder.functionTask("c4", "generate_uuid", t -> t.dependsOn("c3"));
            }
        }
        return builder.build();
    }
}

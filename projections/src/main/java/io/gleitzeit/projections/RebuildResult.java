package io.gleitzeit.projections;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a rebuild did.
 *
 * @param model      the model
 * @param generation the rebuilt generation, now current
 * @param replaced   the generation it replaced (its keys expire after {@link ProjectorOptions#retireAfter()})
 * @param entries    stream entries applied
 * @param rounds     catch-up rounds before the swap succeeded (1 when the live projector was not ahead)
 */
public record RebuildResult(String model, long generation, OptionalLong replaced, long entries, int rounds) {
    public RebuildResult {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(replaced, "replaced");
    }
}

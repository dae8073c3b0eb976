package io.gleitzeit.projections.load;

/**
 * Events the load model could not square with what it knew; each was applied as far as it made sense.
 *
 * @param clampedInFlight      an in-flight count would have gone below zero and was held at zero
 * @param endedWithoutDispatch a completion, time-out or cancellation of an attempt the model never saw dispatched
 */
public record LoadAnomalies(long clampedInFlight, long endedWithoutDispatch) {
}

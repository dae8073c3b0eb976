package io.gleitzeit.event;

/**
 * A fact recorded in the streams: something that happened, named in the past tense, without behaviour. The set is
 * closed: {@link WorkflowEvent}s belong to one workflow's stream, {@link ClusterEvent}s describe services and
 * endpoints. Folds and projections handle every permitted type (tests check that they do).
 */
public sealed interface Event permits WorkflowEvent, ClusterEvent {
}

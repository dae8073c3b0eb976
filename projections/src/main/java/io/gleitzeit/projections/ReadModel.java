package io.gleitzeit.projections;

import java.util.List;
import java.util.Set;

/**
 * A read model derived only from events: which streams it reads, which keys it owns, and how to make a fresh
 * working copy. Implementations are stateless factories; the state lives in {@link ModelState}.
 */
public interface ReadModel {

    /** The model's name: its keys live under {@code <prefix>{proj:<name>}}, its group is {@code proj-<name>}. */
    String name();

    /** The streams it is derived from. */
    Set<Source> sources();

    /** Every key name the model writes in a generation (for retiring an old generation). */
    List<String> keyNames();

    /** An empty working copy. */
    ModelState newState();
}

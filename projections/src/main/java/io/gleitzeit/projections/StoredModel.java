package io.gleitzeit.projections;

import java.util.Collection;
import java.util.Map;

/** Read access to a model's keys in the generation being applied, for loading state (blocking; the runner's thread). */
public interface StoredModel {

    /** Every field of the hash {@code key} (HGETALL). */
    Map<String, String> readAll(String key);

    /** The given fields of the hash {@code key} that exist (one HMGET). */
    Map<String, String> read(String key, Collection<String> fields);
}

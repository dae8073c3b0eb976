package io.gleitzeit.projections;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch changes in a read model, aggregated: per key of the model, the fields to set or delete (hashes)
 * and the members to add or remove (sorted sets). A later change of the same field or member replaces an earlier
 * one, so a batch costs one HSET, HDEL, ZADD or ZREM per key however many events touched it. Key names are the
 * model's own ({@code services}, not the full Redis key); the flush places them in the generation.
 */
public final class ChangeSet {
    private final Map<String, Map<String, String>> hashes = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> sortedSets = new LinkedHashMap<>();

    /** Sets {@code field} of the hash {@code key} to {@code value}. */
    public void put(String key, String field, String value) {
        hashes.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(field, Objects.requireNonNull(value, "value"));
    }

    /** Deletes {@code field} of the hash {@code key}. */
    public void remove(String key, String field) {
        hashes.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(field, null);
    }

    /** Adds {@code member} to the sorted set {@code key} with {@code score} (or moves it there). */
    public void rank(String key, String member, double score) {
        sortedSets.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(member, score);
    }

    /** Removes {@code member} from the sorted set {@code key}. */
    public void unrank(String key, String member) {
        sortedSets.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(member, null);
    }

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return hashes.isEmpty() && sortedSets.isEmpty();
    }

    /** Per hash key: field → new value, or {@code null} for a deleted field. */
    public Map<String, Map<String, String>> hashes() {
        return hashes;
    }

    /** Per sorted-set key: member → score, or {@code null} for a removed member. */
    public Map<String, Map<String, Double>> sortedSets() {
        return sortedSets;
    }
}

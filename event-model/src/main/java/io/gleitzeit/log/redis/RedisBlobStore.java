package io.gleitzeit.log.redis;

import io.gleitzeit.payload.Blob;
import io.gleitzeit.payload.BlobRef;
import io.gleitzeit.payload.BlobStore;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Blobs in one hash per workflow, {@link KeyLayout#blobs(String)} (field: SHA-256, value: content), in the
 * workflow's hash slot: a workflow's blobs go with one DEL, and a reference can only ever name a blob of its own
 * workflow. Writes are HSETNX, so the same content is stored once; content this store wrote or read recently is not
 * sent again. Safe for concurrent use.
 */
public final class RedisBlobStore implements BlobStore {
    private static final int KNOWN_CAPACITY = 4096;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final KeyLayout keys;
    private final Map<String, Boolean> known = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > KNOWN_CAPACITY;
        }
    };

    /** Over a link the caller keeps and closes. */
    public RedisBlobStore(RedisLink link, KeyLayout keys) {
        this.redis = Objects.requireNonNull(link, "link").async();
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public CompletionStage<Void> put(String workflowId, List<Blob> blobs) {
        String key = keys.blobs(workflowId);
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (Blob blob : blobs) {
            if (!isKnown(key, blob.ref().sha256())) {
                writes.add(redis.hsetnx(key, blob.ref().sha256(), blob.content()).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((ok, error) -> {
            if (error != null) {
                throw RedisFailures.classify("store " + blobs.size() + " payload(s) of workflow " + workflowId, error);
            }
            blobs.forEach(blob -> remember(key, blob.ref().sha256()));
            return null;
        });
    }

    @Override
    public CompletionStage<Map<String, String>> get(String workflowId, Collection<BlobRef> refs) {
        if (refs.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        String key = keys.blobs(workflowId);
        String[] fields = refs.stream().map(BlobRef::sha256).distinct().toArray(String[]::new);
        return redis.hmget(key, fields).handle((values, error) -> {
            if (error != null) {
                throw RedisFailures.classify("read payloads of workflow " + workflowId, error);
            }
            Map<String, String> contents = new HashMap<>();
            for (KeyValue<String, String> value : values) {
                if (value.hasValue()) {
                    contents.put(value.getKey(), value.getValue());
                    remember(key, value.getKey());
                }
            }
            return contents;
        });
    }

    @Override
    public CompletionStage<Map<String, String>> all(String workflowId) {
        return redis.hgetall(keys.blobs(workflowId)).handle((values, error) -> {
            if (error != null) {
                throw RedisFailures.classify("read the payloads of workflow " + workflowId, error);
            }
            return values;
        });
    }

    private synchronized boolean isKnown(String key, String sha) {
        return known.get(key + "|" + sha) != null;
    }

    private synchronized void remember(String key, String sha) {
        known.put(key + "|" + sha, Boolean.TRUE);
    }
}

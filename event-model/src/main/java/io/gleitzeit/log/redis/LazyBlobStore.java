package io.gleitzeit.log.redis;

import io.gleitzeit.payload.Blob;
import io.gleitzeit.payload.BlobRef;
import io.gleitzeit.payload.BlobStore;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A {@link RedisBlobStore} that opens its connection on first use: readers that follow streams need one only when a
 * commit holds a reference, which most never do.
 */
final class LazyBlobStore implements BlobStore, AutoCloseable {
    private final RedisConnector connector;
    private final KeyLayout keys;
    private RedisLink link;
    private RedisBlobStore store;

    LazyBlobStore(RedisConnector connector, KeyLayout keys) {
        this.connector = connector;
        this.keys = keys;
    }

    private synchronized BlobStore store() {
        if (store == null) {
            link = connector.connect();
            store = new RedisBlobStore(link, keys);
        }
        return store;
    }

    @Override
    public CompletionStage<Void> put(String workflowId, List<Blob> blobs) {
        return store().put(workflowId, blobs);
    }

    @Override
    public CompletionStage<Map<String, String>> get(String workflowId, Collection<BlobRef> refs) {
        return store().get(workflowId, refs);
    }

    @Override
    public CompletionStage<Map<String, String>> all(String workflowId) {
        return store().all(workflowId);
    }

    @Override
    public synchronized void close() {
        if (link != null) {
            link.close();
        }
    }
}

package io.gleitzeit.redis.connect;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** A single server or a Sentinel-managed primary (Lettuce asks the sentinels again on every reconnect). */
final class StandaloneConnector implements RedisConnector {
    private final RedisClient client;
    private final boolean owned;
    private final String description;

    StandaloneConnector(RedisClient client, boolean owned, String description) {
        this.client = Objects.requireNonNull(client, "client");
        this.owned = owned;
        this.description = description;
    }

    static StandaloneConnector create(RedisEndpoint endpoint) {
        RedisClient client = RedisClient.create(endpoint.nodes().get(0));
        client.setOptions(ConnectionDefaults.clientOptions());
        return new StandaloneConnector(client, true, endpoint.describe());
    }

    @Override
    public RedisLink connect() {
        return RedisLink.of(client.connect());
    }

    @Override
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client.connectPubSub();
    }

    @Override
    public boolean isCluster() {
        return false;
    }

    @Override
    public List<List<String>> slotGroups(Collection<String> keys) {
        return keys.isEmpty() ? List.of() : List.of(List.copyOf(keys));
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (owned) {
            client.shutdown();
        }
    }
}

package io.gleitzeit.redis.connect;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Redis Cluster. The topology is refreshed periodically and whenever a command is redirected or a node stops
 * answering, so a failover is followed within a redirect or two.
 */
final class ClusterConnector implements RedisConnector {
    /** How often the slot map is read again even when nothing suggested a change. */
    static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(10);

    private final RedisClusterClient client;
    private final boolean owned;
    private final String description;

    ClusterConnector(RedisClusterClient client, boolean owned, String description) {
        this.client = Objects.requireNonNull(client, "client");
        this.owned = owned;
        this.description = description;
    }

    static ClusterConnector create(RedisEndpoint endpoint) {
        RedisClusterClient client = RedisClusterClient.create(endpoint.nodes());
        client.setOptions(ClusterClientOptions.builder(ConnectionDefaults.clientOptions())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build());
        return new ClusterConnector(client, true, endpoint.describe());
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
        return true;
    }

    @Override
    public List<List<String>> slotGroups(Collection<String> keys) {
        Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
        for (String key : keys) {
            bySlot.computeIfAbsent(SlotHash.getSlot(key), s -> new ArrayList<>()).add(key);
        }
        return bySlot.values().stream().map(List::copyOf).toList();
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

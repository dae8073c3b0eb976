package io.gleitzeit.redis.connect;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Collection;
import java.util.List;

/**
 * Opens connections to one Redis deployment (a server, a Sentinel-managed primary or a Redis Cluster): the one way
 * every component reaches Redis. Built from a URI ({@link RedisEndpoint}) or around a client the caller keeps.
 *
 * <p>On a cluster, a command on one key goes to the primary of the key's slot; a command on several keys must keep
 * them in one slot (the key layout's hash tags do) — {@link #slotGroups} splits a set of keys accordingly for the
 * few reads that span partitions.
 */
public sealed interface RedisConnector extends AutoCloseable permits StandaloneConnector, ClusterConnector {

    /** A connector for {@code uri} (any form of {@link RedisEndpoint}) with a client of its own, shut down by close. */
    static RedisConnector open(String uri) {
        return open(RedisEndpoint.parse(uri));
    }

    /** A connector for {@code endpoint} with a client of its own, shut down by {@link #close()}. */
    static RedisConnector open(RedisEndpoint endpoint) {
        return endpoint.topology() == RedisEndpoint.Topology.CLUSTER
                ? ClusterConnector.create(endpoint)
                : StandaloneConnector.create(endpoint);
    }

    /** A connector over the caller's client (a server or Sentinel); {@link #close()} leaves the client open. */
    static RedisConnector of(RedisClient client) {
        return new StandaloneConnector(client, false, "client");
    }

    /** A connector over the caller's cluster client; {@link #close()} leaves the client open. */
    static RedisConnector of(RedisClusterClient client) {
        return new ClusterConnector(client, false, "cluster client");
    }

    /** A new connection. */
    RedisLink connect();

    /**
     * A new publish/subscribe connection. On a cluster it is Lettuce's cluster pub/sub connection: a {@code PUBLISH}
     * reaches the subscribers on every node (Redis forwards it over the cluster bus), so a subscription on this
     * connection hears a channel whichever node the publisher's command went to.
     */
    StatefulRedisPubSubConnection<String, String> connectPubSub();

    /** Whether this is a Redis Cluster. */
    boolean isCluster();

    /**
     * {@code keys} in groups that may share one multi-key command, in their order: one group on a single server,
     * one per hash slot on a cluster.
     */
    List<List<String>> slotGroups(Collection<String> keys);

    /** What this connects to, without credentials. */
    String describe();

    /** Shuts the client down when this connector created it. */
    @Override
    void close();
}

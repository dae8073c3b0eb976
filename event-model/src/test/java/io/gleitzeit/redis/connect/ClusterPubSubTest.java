package io.gleitzeit.redis.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.testing.redis.LocalRedisCluster;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Classic pub/sub through {@link RedisConnector#connectPubSub()} on a real Redis Cluster: a subscription hears what
 * another connection publishes, whichever node either went to, and keeps hearing it after a {@code CLUSTER FAILOVER}
 * of every primary in turn (one of them is the node the subscription lives on).
 */
class ClusterPubSubTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aSubscriptionHearsPublishesAcrossAFailoverOfEveryPrimary() {
        try (LocalRedisCluster cluster = LocalRedisCluster.start(3);
             RedisConnector connector = RedisConnector.open(cluster.uri());
             RedisLink publisher = connector.connect()) {
            List<String> heard = new CopyOnWriteArrayList<>();
            StatefulRedisPubSubConnection<String, String> subscriber = connector.connectPubSub();
            try (subscriber) {
                subscriber.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        heard.add(message);
                    }
                });
                subscriber.sync().subscribe("gzps:live");
                publishAndHear(publisher, heard, "before");

                List<Integer> primaries = cluster.primaries();
                for (int primary : primaries) {
                    cluster.failover(primary);
                    publishAndHear(publisher, heard, "after " + primary);
                }

                assertThat(heard).as("each message heard once").doesNotHaveDuplicates()
                        .hasSize(primaries.size() + 1);
            }
        }
    }

    private static void publishAndHear(RedisLink publisher, List<String> heard, String message) {
        publisher.sync().publish("gzps:live", message);
        await().atMost(PATIENCE).until(() -> heard.contains(message));
    }
}

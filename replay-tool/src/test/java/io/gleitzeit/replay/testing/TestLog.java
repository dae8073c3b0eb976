package io.gleitzeit.replay.testing;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.testing.redis.TestRedis;

/** The log under the test's prefix, in the layout {@link Cli} passes to the tool. */
public final class TestLog {
    private TestLog() {
    }

    public static KeyLayout keys(TestRedis redis) {
        return keys(redis.prefix());
    }

    public static KeyLayout keys(String prefix) {
        return new KeyLayout(prefix, new PartitionScheme(Cli.PARTITIONS));
    }

    public static RedisEventLog log(TestRedis redis) {
        return new RedisEventLog(redis.connect(), keys(redis), EventCodec.standard());
    }
}

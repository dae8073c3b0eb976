package io.gleitzeit.log.redis;

import io.gleitzeit.log.Commit;
import io.gleitzeit.log.StreamPosition;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Follows every partition's event stream with one blocking XREAD, without a consumer group: what a hub does to see
 * the dispatches for the sockets it holds, and what anything that must see every commit as it happens does. Keeps
 * its own connection (a blocking read holds its connection). Not thread-safe: one reader thread.
 *
 * <p>On Redis Cluster one XREAD may not span slots; there the partitions must be read per node (issue 9).
 */
public final class PartitionTail implements AutoCloseable {
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final EntryDecoder decoder;
    private final Map<String, String> positions = new LinkedHashMap<>();

    /**
     * Starts following every partition of {@code keys} after {@code start}: {@link StreamPosition#FIRST} for
     * everything stored, {@link StreamPosition#LATEST} for what is appended from now on.
     */
    public PartitionTail(RedisClient client, KeyLayout keys, EntryDecoder decoder, StreamPosition start) {
        Objects.requireNonNull(start, "start");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.connection = client.connect();
        this.redis = connection.sync();
        for (int p = 0; p < keys.partitions().count(); p++) {
            String stream = keys.events(p);
            positions.put(stream, start.equals(StreamPosition.LATEST) ? lastId(stream) : start.redisId());
        }
    }

    /**
     * The next commits of any partition, in order per partition; waits up to {@code block} for the first one and
     * returns an empty list when none came.
     */
    public List<Commit> next(Duration block, int count) {
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] offsets = positions.entrySet().stream()
                .map(e -> XReadArgs.StreamOffset.from(e.getKey(), e.getValue()))
                .toArray(XReadArgs.StreamOffset[]::new);
        List<StreamMessage<String, String>> messages =
                redis.xread(XReadArgs.Builder.block(block).count(count), offsets);
        List<Commit> commits = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> m : messages) {
            positions.put(m.getStream(), m.getId());
            commits.add(decoder.commit(StreamEntry.of(m.getStream(), m)));
        }
        return commits;
    }

    private String lastId(String stream) {
        List<StreamMessage<String, String>> last = redis.xrevrange(stream, io.lettuce.core.Range.unbounded(),
                io.lettuce.core.Limit.from(1));
        return last.isEmpty() ? "0-0" : last.get(0).getId();
    }

    @Override
    public void close() {
        connection.close();
    }
}

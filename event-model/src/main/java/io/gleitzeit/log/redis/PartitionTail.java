package io.gleitzeit.log.redis;

import io.gleitzeit.log.Commit;
import io.gleitzeit.log.GleitzeitException;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.payload.LargePayloads;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition's event stream with one blocking XREAD, without a consumer group: what a hub does to see
 * the dispatches for the sockets it holds, and what anything that must see every commit as it happens does. Keeps
 * its own connection (a blocking read holds its connection). Not thread-safe: one reader thread.
 *
 * <p>On Redis Cluster one XREAD may not span slots, so there each partition is read with an XREAD of its own, on a
 * connection of its own, all at once ({@link StreamFanIn}); {@link #next} returns as soon as any of them answered.
 *
 * <p>Payloads stored by reference are resolved ({@link LargePayloads}), on a further connection opened when the first
 * reference is met.
 */
public final class PartitionTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionTail.class);
    private final StreamFanIn reads;
    private final EntryDecoder decoder;
    private final LazyBlobStore blobs;
    private final LargePayloads payloads;
    private final Map<String, String> positions = new LinkedHashMap<>();

    /**
     * Starts following every partition of {@code keys} after {@code start}: {@link StreamPosition#FIRST} for
     * everything stored, {@link StreamPosition#LATEST} for what is appended from now on.
     */
    public PartitionTail(RedisClient client, KeyLayout keys, EntryDecoder decoder, StreamPosition start) {
        this(RedisConnector.of(client), keys, decoder, start);
    }

    /** As {@link #PartitionTail(RedisClient, KeyLayout, EntryDecoder, StreamPosition)}, on any Redis topology. */
    public PartitionTail(RedisConnector connector, KeyLayout keys, EntryDecoder decoder, StreamPosition start) {
        Objects.requireNonNull(start, "start");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        List<String> streams = new ArrayList<>();
        try (RedisLink link = connector.connect()) {
            for (int p = 0; p < keys.partitions().count(); p++) {
                String stream = keys.events(p);
                streams.add(stream);
                positions.put(stream, start.equals(StreamPosition.LATEST) ? lastId(link, stream) : start.redisId());
            }
        }
        this.reads = new StreamFanIn(connector, streams);
        this.blobs = new LazyBlobStore(connector, keys);
        this.payloads = LargePayloads.over(blobs);
    }

    /**
     * The next commits of any partition, in order per partition; waits up to {@code block} for the first one and
     * returns an empty list when none came. A transient failure (a failover unblocking the read, a restart) is logged
     * and answered with an empty list: the positions did not move, so the next call reads the same commits again.
     */
    public List<Commit> next(Duration block, int count) {
        XReadArgs args = XReadArgs.Builder.block(block).count(count);
        List<StreamMessage<String, String>> messages;
        try {
            messages = RedisFailures.join(reads.readAny((redis, streams) -> {
                @SuppressWarnings("unchecked")
                XReadArgs.StreamOffset<String>[] offsets = streams.stream()
                        .map(s -> XReadArgs.StreamOffset.from(s, positions.get(s)))
                        .toArray(XReadArgs.StreamOffset[]::new);
                return redis.xread(args, offsets);
            }), "follow the partitions' event streams");
        } catch (GleitzeitException e) {
            if (!e.isTransient()) {
                throw e;
            }
            LOG.warn("{}; reading again", e.getMessage());
            return List.of();
        }
        List<Commit> commits = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> m : messages) {
            String previous = positions.put(m.getStream(), m.getId());
            Commit commit = decoder.commit(StreamEntry.of(m.getStream(), m));
            try {
                commits.add(RedisFailures.join(payloads.resolve(commit).toCompletableFuture(),
                        "resolve the payloads of a commit of workflow " + commit.workflowId()));
            } catch (GleitzeitException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                // This commit and the rest of the batch are read again next time.
                positions.put(m.getStream(), previous);
                LOG.warn("{}; reading again", e.getMessage());
                return commits;
            }
        }
        return commits;
    }

    private static String lastId(RedisLink link, String stream) {
        List<StreamMessage<String, String>> last = link.sync().xrevrange(stream, io.lettuce.core.Range.unbounded(),
                io.lettuce.core.Limit.from(1));
        return last.isEmpty() ? "0-0" : last.get(0).getId();
    }

    @Override
    public void close() {
        reads.close();
        blobs.close();
    }
}

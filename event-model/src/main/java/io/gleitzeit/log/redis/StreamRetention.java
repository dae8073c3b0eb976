package io.gleitzeit.log.redis;

import io.gleitzeit.log.StreamPosition;
import io.lettuce.core.ScriptOutputType;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Trims streams safely: only entries every consumer group has acknowledged go (XTRIM MINID, computed and applied
 * in one script). For each group the bound is its oldest pending entry or, when nothing is pending, the entry after
 * its last-delivered id; the stream is trimmed below the smallest bound. A stream without groups is not trimmed.
 * Archive what must be kept (the replay tool's export) before trimming.
 */
public final class StreamRetention {
    private static final LuaScript TRIM = LuaScript.named("trim");

    private final RedisClusterAsyncCommands<String, String> redis;

    /** Over a connection the caller keeps and closes. */
    public StreamRetention(StatefulRedisConnection<String, String> connection) {
        this(RedisLink.of(Objects.requireNonNull(connection, "connection")));
    }

    /** Over a link (a server's or a cluster's) the caller keeps and closes. */
    public StreamRetention(RedisLink link) {
        this.redis = Objects.requireNonNull(link, "link").async();
    }

    /**
     * What a trim did.
     *
     * @param stream       the stream
     * @param trimmedBelow the MINID applied: every entry before it is gone; empty when nothing could be trimmed
     * @param removed      how many entries were removed
     */
    public record TrimResult(String stream, Optional<StreamPosition> trimmedBelow, long removed) {
        public TrimResult {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(trimmedBelow, "trimmedBelow");
        }
    }

    /** Removes the entries of {@code stream} that every consumer group is done with. */
    public CompletionStage<TrimResult> trim(String stream) {
        Objects.requireNonNull(stream, "stream");
        CompletionStage<List<Object>> reply = TRIM.run(redis, ScriptOutputType.MULTI, new String[] {stream});
        return reply.handle((result, error) -> {
            if (error != null) {
                throw RedisFailures.classify("trim " + stream, error);
            }
            String minId = String.valueOf(result.get(0));
            return new TrimResult(stream, minId.isEmpty() ? Optional.empty() : Optional.of(StreamPosition.parse(minId)),
                    ((Number) result.get(1)).longValue());
        });
    }
}

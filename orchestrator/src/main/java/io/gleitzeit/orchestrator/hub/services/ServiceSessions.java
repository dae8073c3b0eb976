package io.gleitzeit.orchestrator.hub.services;

import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where every service is connected, kept in Redis so that any hub can tell which hub holds a service's socket, when
 * it last showed a sign of life, and which attempts it holds; and which hubs are alive. Keys: {@link SessionKeys}.
 * All calls are asynchronous (handlers run on I/O threads).
 */
public final class ServiceSessions {
    /**
     * Ends a session only if it is still the one the caller saw (same socket): a service that registered again
     * meanwhile, here or on another hub, keeps its new session. Returns 1 when this call ended it.
     */
    private static final String END_IF_SAME = """
            local socket = redis.call('HGET', KEYS[2], 'socket')
            if socket ~= ARGV[2] then return 0 end
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('DEL', KEYS[2])
            return 1
            """;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final SessionKeys keys;

    /** Over a link (a server's or a cluster's) the caller keeps and closes. */
    public ServiceSessions(RedisLink connection, String keyPrefix) {
        this.redis = Objects.requireNonNull(connection, "connection").async();
        this.keys = new SessionKeys(keyPrefix);
    }

    /** A service registered on {@code hubId} over socket {@code socketId}: its session replaces any earlier one. */
    public CompletionStage<Void> open(String serviceId, String name, String hubId, String socketId, int maxConcurrent,
                                      Instant at) {
        String key = keys.session(serviceId);
        redis.hset(key, Map.of("hub", hubId, "socket", socketId, "name", name,
                "max_concurrent", Integer.toString(maxConcurrent), "registered_at", Long.toString(at.toEpochMilli())));
        return redis.zadd(keys.sessions(), (double) at.toEpochMilli(), serviceId).thenApply(ignored -> null);
    }

    /** A sign of life from a service with an open session; nothing happens when it has none. */
    public CompletionStage<Void> touch(String serviceId, Instant at) {
        return redis.zadd(keys.sessions(), ZAddArgs.Builder.xx(), (double) at.toEpochMilli(), serviceId)
                .thenApply(ignored -> null);
    }

    /** The session of a service, when it has one: hub, socket, name, max_concurrent, registered_at. */
    public CompletionStage<Optional<Map<String, String>>> session(String serviceId) {
        return redis.hgetall(keys.session(serviceId)).thenApply(m -> m == null || m.isEmpty()
                ? Optional.empty() : Optional.of(Map.copyOf(m)));
    }

    /** The services with an open session, with their last sign of life. */
    public CompletionStage<Map<String, Instant>> lastSeen() {
        return redis.zrangebyscoreWithScores(keys.sessions(), Range.unbounded()).thenApply(all -> {
            Map<String, Instant> out = new java.util.LinkedHashMap<>();
            all.forEach(v -> out.put(v.getValue(), Instant.ofEpochMilli((long) v.getScore())));
            return out;
        });
    }

    /** Ends the session if it is still the one over {@code socketId}; completes {@code true} when this call ended it. */
    public CompletionStage<Boolean> endIfSame(String serviceId, String socketId) {
        return redis.<Long>eval(END_IF_SAME, ScriptOutputType.INTEGER,
                new String[] {keys.sessions(), keys.session(serviceId)}, serviceId, socketId)
                .thenApply(n -> n != null && n == 1L);
    }

    /** Records an attempt held for a service (delivered, or queued for it). */
    public CompletionStage<Void> recordAttempt(String serviceId, String idempotencyKey, String workflowId) {
        return redis.hset(keys.attempts(serviceId), idempotencyKey, workflowId).thenApply(ignored -> null);
    }

    /** Forgets an attempt (it ended, or was released). */
    public CompletionStage<Void> forgetAttempt(String serviceId, String idempotencyKey) {
        return redis.hdel(keys.attempts(serviceId), idempotencyKey).thenApply(ignored -> null);
    }

    /** The attempts held for a service: idempotency key → workflow id. */
    public CompletionStage<Map<String, String>> attempts(String serviceId) {
        return redis.hgetall(keys.attempts(serviceId)).thenApply(m -> m == null ? Map.of() : Map.copyOf(m));
    }

    /** Forgets the given attempts of a service (after they were released). */
    public CompletionStage<Void> forgetAttempts(String serviceId, List<String> idempotencyKeys) {
        if (idempotencyKeys.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return redis.hdel(keys.attempts(serviceId), idempotencyKeys.toArray(String[]::new))
                .thenApply(ignored -> null);
    }

    /** Renews this hub's heartbeat key; it expires after {@code ttl} without renewal. */
    public CompletionStage<Void> beat(String hubId, Instant at, Duration ttl) {
        return redis.set(keys.hub(hubId), Long.toString(at.toEpochMilli()), SetArgs.Builder.px(ttl.toMillis()))
                .thenApply(ignored -> null);
    }

    /** Removes this hub's heartbeat key (a graceful stop). */
    public CompletionStage<Void> retire(String hubId) {
        return redis.del(keys.hub(hubId)).thenApply(ignored -> null);
    }

    /** Whether the hub's heartbeat key exists. */
    public CompletionStage<Boolean> hubAlive(String hubId) {
        return redis.exists(keys.hub(hubId)).thenApply(n -> n != null && n > 0);
    }
}

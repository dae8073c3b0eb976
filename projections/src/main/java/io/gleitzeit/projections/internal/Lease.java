package io.gleitzeit.projections.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;

/**
 * The right to apply one read model: a Redis key set with {@code SET NX PX} to a token naming the holder, renewed
 * while it works, deleted when it stops. Whoever cannot set it stands by. Renewal and release check the token, so a
 * holder that lost the key (it paused past the time to live) never renews or deletes its successor's; the flush
 * script checks it too, so such a holder cannot write either.
 */
final class Lease {
    private static final Script RENEW = Script.named("lease_renew");
    private static final Script RELEASE = Script.named("lease_release");

    private final RedisClusterCommands<String, String> redis;
    private final String key;
    private final String token;
    private final Duration ttl;
    private boolean held;

    Lease(RedisClusterCommands<String, String> redis, String key, String token, Duration ttl) {
        this.redis = redis;
        this.key = key;
        this.token = token;
        this.ttl = ttl;
    }

    String token() {
        return token;
    }

    boolean held() {
        return held;
    }

    /** Takes the lease when nobody holds it. */
    boolean tryAcquire() {
        held = "OK".equals(redis.set(key, token, SetArgs.Builder.nx().px(ttl.toMillis())));
        return held;
    }

    /** Extends the lease; {@code false} (and no longer held) when someone else has it now. */
    boolean renew() {
        Long renewed = RENEW.run(redis, ScriptOutputType.INTEGER, new String[] {key}, token,
                Long.toString(ttl.toMillis()));
        held = renewed != null && renewed == 1;
        return held;
    }

    /** Notes that the lease is gone (a flush found another holder). */
    void lost() {
        held = false;
    }

    /** Gives the lease up so that a standby takes over at once. */
    void release() {
        if (held) {
            RELEASE.run(redis, ScriptOutputType.INTEGER, new String[] {key}, token);
            held = false;
        }
    }
}

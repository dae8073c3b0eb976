package io.gleitzeit.redis.connect;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;

/** Client options shared by every topology. */
final class ConnectionDefaults {
    /** How long a command may wait for its reply, including while the connection is being re-established. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private ConnectionDefaults() {
    }

    /**
     * Reconnect automatically and hold commands issued while disconnected until the server is back (a restart or a
     * failover), but never longer than {@link #COMMAND_TIMEOUT}: a command then fails as transient and its caller
     * decides. Blocking stream reads carry their own BLOCK timeout, well below it.
     */
    static ClientOptions clientOptions() {
        return ClientOptions.builder()
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build();
    }
}

package io.gleitzeit.orchestrator.hub.auth;

import io.gleitzeit.orchestrator.hub.transport.Authentication;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.Credentials;
import io.gleitzeit.orchestrator.hub.transport.Principal;
import io.gleitzeit.orchestrator.hub.transport.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Authenticator} backed by the {@link TokenStore}. The hub calls it on an I/O thread, which must not block,
 * so it answers from an in-memory copy of the store (token hash → record) that a background thread reloads every
 * {@code refreshInterval}. A token created or revoked with {@code gleitzeit token} therefore takes effect on every
 * replica within one refresh interval (default {@value #DEFAULT_REFRESH_SECONDS} s); expiry is checked on every
 * authentication. Revoking a token refuses new connections and {@code authenticate} events that present it;
 * connections already authenticated with it keep their principal until they disconnect.
 *
 * <p>When Redis cannot be read, the last copy stays in use (logged) — a Redis outage neither locks every client out
 * nor opens the hub.
 */
public final class StoredTokenAuthenticator implements Authenticator, AutoCloseable {
    /** Default reload interval, the bound on how long a revoked token keeps working for new connections. */
    public static final long DEFAULT_REFRESH_SECONDS = 2;
    private static final Logger log = LoggerFactory.getLogger(StoredTokenAuthenticator.class);
    private static final Authentication EVERYONE =
            Authentication.granted(new Principal("anonymous", Set.of(Role.values())));

    private final TokenStore store;
    private final AuthMode mode;
    private final Duration refreshInterval;
    private final Clock clock;
    private final ScheduledExecutorService refresher;
    private volatile Map<String, TokenRecord> byHash;

    /**
     * Loads the store once (blocking, so that the first connection is judged on the real set) and reloads it every
     * {@code refreshInterval} until closed.
     */
    public StoredTokenAuthenticator(TokenStore store, AuthMode mode, Duration refreshInterval, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        if (refreshInterval.isZero() || refreshInterval.isNegative()) {
            throw new IllegalArgumentException("refreshInterval must be positive, was " + refreshInterval);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.byHash = load();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gleitzeit-token-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, refreshInterval.toMillis(), refreshInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Hub authentication {}: {} token(s) in the store, reloaded every {}", mode.wireName(),
                byHash.size(), refreshInterval);
    }

    /** The mode it was configured with. */
    public AuthMode mode() {
        return mode;
    }

    /** Whether a token is currently required ({@link AuthMode#AUTO}: whether any token exists). */
    public boolean required() {
        return mode == AuthMode.REQUIRED || (mode == AuthMode.AUTO && !byHash.isEmpty());
    }

    @Override
    public Authentication authenticate(Credentials credentials) {
        if (!required()) {
            return EVERYONE;
        }
        Optional<String> token = credentials.token();
        if (token.isEmpty()) {
            return Authentication.rejected("a token is required");
        }
        // A map lookup by hash: its timing can reveal at most a prefix of a hash, which does not help find a token.
        TokenRecord record = byHash.get(TokenHash.hash(token.get()));
        if (record == null) {
            return Authentication.rejected("unknown token");
        }
        if (!record.validAt(clock.instant())) {
            return Authentication.rejected("token expired");
        }
        return Authentication.granted(new Principal(record.name(), Set.of(record.role())));
    }

    /** Reloads now (also what the background thread does). */
    public void refresh() {
        try {
            byHash = load();
        } catch (RuntimeException e) {
            log.warn("Reloading the tokens failed; the {} known token(s) stay in use: {}", byHash.size(),
                    e.toString());
        }
    }

    private Map<String, TokenRecord> load() {
        return store.list().stream().collect(Collectors.toUnmodifiableMap(TokenRecord::hash, Function.identity(),
                (a, b) -> a));
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    @Override
    public String toString() {
        return "StoredTokenAuthenticator[mode=" + mode.wireName() + ", refresh=" + refreshInterval + "]";
    }
}

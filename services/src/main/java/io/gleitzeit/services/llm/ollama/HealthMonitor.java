package io.gleitzeit.services.llm.ollama;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an endpoint what it has ({@code /api/tags}) and holds ({@code /api/ps}); {@link InternalLlm} runs it at a
 * fixed interval. A check is a
 * request like any other for the breaker: it fails towards opening, succeeds towards closing, and an open breaker
 * is probed only once its open time is up, so a dead endpoint is not hammered.
 */
public final class HealthMonitor {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final EndpointPool pool;
    private final OllamaApi api;

    public HealthMonitor(EndpointPool pool, OllamaApi api) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.api = Objects.requireNonNull(api, "api");
    }

    /** Checks every endpoint once, now, on the calling thread. */
    public void checkAll() throws InterruptedException {
        for (OllamaEndpoint endpoint : pool.endpoints()) {
            check(endpoint);
        }
    }

    /** Checks one endpoint; true when it answered. */
    public boolean check(OllamaEndpoint endpoint) throws InterruptedException {
        CircuitBreaker breaker = endpoint.breaker();
        if (!breaker.tryAcquire()) {
            return false;
        }
        boolean wasHealthy = endpoint.healthy();
        try {
            endpoint.discovered(api.tags(endpoint.config()));
            OllamaApi.Loaded loaded = api.ps(endpoint.config());
            endpoint.loaded(loaded.models(), loaded.vramUsedBytes());
            breaker.onSuccess();
            if (!wasHealthy) {
                log.info("endpoint {} is healthy again", endpoint.id());
            }
            return true;
        } catch (OllamaCallException e) {
            breaker.onFailure();
            if (wasHealthy && !endpoint.healthy()) {
                log.warn("endpoint {} is unhealthy: {}", endpoint.id(), e.getMessage());
            } else {
                log.debug("health check failed: {}", e.getMessage());
            }
            return false;
        } finally {
            pool.signal();
        }
    }
}

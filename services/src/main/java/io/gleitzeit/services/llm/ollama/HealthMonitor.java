package io.gleitzeit.services.llm.ollama;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every endpoint what it has ({@code /api/tags}) and holds ({@code /api/ps}) at a fixed interval. A check is a
 * request like any other for the breaker: it fails towards opening, succeeds towards closing, and an open breaker
 * is probed only once its open time is up, so a dead endpoint is not hammered.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final EndpointPool pool;
    private final OllamaApi api;
    private final ScheduledExecutorService scheduler;

    public HealthMonitor(EndpointPool pool, OllamaApi api) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.api = Objects.requireNonNull(api, "api");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gleitzeit-llm-health");
            t.setDaemon(true);
            return t;
        });
    }

    /** Checks every endpoint now and then every {@code intervalMillis}. */
    public void start(long intervalMillis) {
        scheduler.scheduleWithFixedDelay(this::checkAllQuietly, intervalMillis, intervalMillis,
                TimeUnit.MILLISECONDS);
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

    private void checkAllQuietly() {
        try {
            checkAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a surprise in one round must not end the checks
            log.warn("health check round failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

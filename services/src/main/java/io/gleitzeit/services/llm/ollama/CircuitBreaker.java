package io.gleitzeit.services.llm.ollama;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Keeps requests away from an endpoint that keeps failing. {@code CLOSED}: requests flow, consecutive failures are
 * counted; at {@code failureThreshold} it opens. {@code OPEN}: no requests until {@code openFor} has passed; then one
 * probe (a request or a health check) is let through, {@code HALF_OPEN}. The probe's success closes it, its failure
 * opens it again for another {@code openFor}.
 *
 * <p>Thread-safe; time comes from the injected clock so tests move it instead of sleeping.
 */
public final class CircuitBreaker {
    /** Where the breaker stands. */
    public enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int failureThreshold;
    private final Duration openFor;
    private final Clock clock;
    private State state = State.CLOSED;
    private int failures;
    private Instant openedAt;
    private boolean probeOut;

    public CircuitBreaker(int failureThreshold, Duration openFor, Clock clock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
        }
        Objects.requireNonNull(openFor, "openFor");
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("openFor must be positive, was " + openFor);
        }
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The state now; an open breaker whose time is up reads as half-open. */
    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** Whether a request could be let through now, without taking the probe. */
    public synchronized boolean isAvailable() {
        State now = state();
        return now == State.CLOSED || (now == State.HALF_OPEN && !probeOut);
    }

    /** Lets a request through if it may go: always when closed, as the single probe when half-open. */
    public synchronized boolean tryAcquire() {
        State now = state();
        if (now == State.CLOSED) {
            return true;
        }
        if (now == State.HALF_OPEN && !probeOut) {
            state = State.HALF_OPEN;
            probeOut = true;
            return true;
        }
        return false;
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        failures = 0;
        probeOut = false;
    }

    public synchronized void onFailure() {
        failures++;
        if (state == State.HALF_OPEN || probeOut || failures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.instant();
            probeOut = false;
        }
    }

    /** A request that was let through ended without telling anything about the endpoint's health. */
    public synchronized void onNeutral() {
        if (probeOut) {
            probeOut = false;
        }
    }

    public synchronized int consecutiveFailures() {
        return failures;
    }
}

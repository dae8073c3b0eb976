package io.gleitzeit.services.http;

import java.time.Duration;

/** Waits between tries. {@link Thread#sleep} in production; tests record the waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {
    /** The real one: sleeps, and stops early when the thread is interrupted (the task was cancelled). */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}

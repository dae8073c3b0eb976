package io.gleitzeit.orchestrator.node;

import io.gleitzeit.services.functions.GleitzeitTask;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Functions the node tests run on Java SDK services. */
public final class TestFunctions {
    /** Calls of {@code hold} running now, and the most at once, per key. */
    static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> PEAK = new ConcurrentHashMap<>();
    /** Released to let every {@code hold} call return. */
    static volatile CountDownLatch gate = new CountDownLatch(0);

    private TestFunctions() {
    }

    @GleitzeitTask(name = "add")
    public static long add(long a, long b) {
        return a + b;
    }

    /** Takes a while, counting how many run at once under {@code key}. */
    @GleitzeitTask(name = "hold")
    public static String hold(String key, long millis) throws InterruptedException {
        AtomicInteger running = RUNNING.computeIfAbsent(key, k -> new AtomicInteger());
        int now = running.incrementAndGet();
        PEAK.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            if (millis > 0) {
                Thread.sleep(millis);
            }
            gate.await(60, TimeUnit.SECONDS);
            return key;
        } finally {
            running.decrementAndGet();
        }
    }

    @GleitzeitTask(name = "legacy_failure")
    public static Map<String, Object> legacyFailure() {
        return Map.of("success", false, "error", "the original protocol's way to fail");
    }
}

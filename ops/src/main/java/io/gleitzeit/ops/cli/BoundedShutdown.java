package io.gleitzeit.ops.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A JVM shutdown hook (SIGTERM, Ctrl-C) that runs a graceful stop but never longer than a bound: an orchestrator
 * that hangs while finishing its commands must still exit, so a supervisor (systemd, Kubernetes) can restart it and
 * the other replicas claim the entries it did not acknowledge.
 */
final class BoundedShutdown {

    private BoundedShutdown() {
    }

    /**
     * Registers {@code stop} to run on JVM shutdown; if it has not returned within {@code timeout} the process halts
     * with status 1.
     */
    static void install(Duration timeout, PrintWriter err, Runnable stop) {
        Objects.requireNonNull(stop, "stop");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CountDownLatch done = new CountDownLatch(1);
            Thread worker = new Thread(() -> {
                try {
                    stop.run();
                } finally {
                    done.countDown();
                }
            }, "gleitzeit-graceful-stop");
            worker.setDaemon(true);
            worker.start();
            try {
                if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    err.println("gleitzeit: graceful stop did not finish within " + timeout.toSeconds()
                            + " s (--shutdown-timeout); exiting, other replicas claim what was not acknowledged");
                    err.flush();
                    Runtime.getRuntime().halt(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gleitzeit-shutdown"));
    }
}

package io.gleitzeit.ops.e2e;

import io.gleitzeit.services.functions.GleitzeitTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Test functions: one that blocks until cancelled (or a minute passed), to cancel workflows while it runs. */
public final class SlowFunctions {
    /** Counts down each time a {@code block} call was interrupted by a cancellation. */
    public static volatile CountDownLatch interrupted = new CountDownLatch(1);

    @GleitzeitTask(name = "block", category = "test", description = "Blocks until interrupted")
    public static String block() throws InterruptedException {
        try {
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
            return "not cancelled";
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
        }
    }
}

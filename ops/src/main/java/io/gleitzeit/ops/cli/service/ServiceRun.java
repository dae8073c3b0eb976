package io.gleitzeit.ops.cli.service;

import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import java.io.PrintWriter;

/** Runs a started service until the JVM is asked to stop, then closes it gracefully. */
final class ServiceRun {
    private ServiceRun() {
    }

    /** Starts the client, prints where it connects, blocks until SIGINT/SIGTERM has closed it. */
    static int untilStopped(GleitzeitServiceClient client, PrintWriter out) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(client::close, "gleitzeit-service-shutdown"));
        client.start();
        out.printf("service %s (node %s) connecting to %s; Ctrl-C stops it%n", client.options().name(),
                client.options().nodeId(), client.options().hubUrls());
        out.flush();
        client.awaitClose();
        return 0;
    }
}

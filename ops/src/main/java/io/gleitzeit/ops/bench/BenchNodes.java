package io.gleitzeit.ops.bench;

import java.util.List;

/**
 * The orchestrator nodes of a full-path run, wherever they run: their hubs, and the processes that spend their CPU
 * apart from the bench's own JVM. Closing stops them.
 */
sealed interface BenchNodes extends AutoCloseable permits NodesInProcess, NodeProcesses {

    /** Each node's hub, for services and clients on this machine. */
    List<String> hubUrls();

    /** Processes other than this JVM that run nodes (none when they run in this JVM). */
    List<ProcessCpu> processes();

    /** What the bench JVM runs, for the CPU report: clients and services, and nodes when they run there. */
    String benchJvmComponent();
}

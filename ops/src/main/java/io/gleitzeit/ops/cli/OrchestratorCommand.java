package io.gleitzeit.ops.cli;

import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.runtime.OrchestratorReplica;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.orchestrator.runtime.RoutingSource;
import io.gleitzeit.redis.connect.RedisConnector;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs one orchestrator replica until interrupted. */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
        description = {"Run one stateless orchestrator replica: it joins the decider group on every partition's",
            "command stream, decides, appends events and fires timers. Start several for more throughput",
            "or availability; stop with Ctrl-C (SIGTERM): in-flight commands finish and are acknowledged."})
final class OrchestratorCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Option(names = "--replica-id", paramLabel = "ID", defaultValue = "${env:GLEITZEIT_REPLICA_ID}",
            description = "This replica's name (env GLEITZEIT_REPLICA_ID; default: generated).")
    String replicaId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReplicaOptions options = ReplicaOptions.newBuilder().replicaId(replicaId).keyPrefix(redis.prefix)
                .partitions(redis.partitions).build();
        RedisOptions.RedisHandle handle = redis.open(out);
        {
            RedisConnector client = RedisConnector.open(handle.url());
            // Services reach replicas through the hub; until one is connected no task can be routed, and ready
            // tasks wait in their workflows.
            OrchestratorReplica replica = new OrchestratorReplica(client, options, RoutingSource.fixed(
                    RoutingSnapshot.empty()));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                replica.close();
                client.close();
                handle.close();
                stopped.countDown();
            }, "gleitzeit-shutdown"));
            replica.start().toCompletableFuture().join();
            out.printf("replica %s running on %s (prefix %s, %d partitions); Ctrl-C stops it%n",
                    options.replicaId(), client.describe(), options.keyPrefix(), options.partitions());
            out.flush();
            stopped.await();
        }
        return 0;
    }
}

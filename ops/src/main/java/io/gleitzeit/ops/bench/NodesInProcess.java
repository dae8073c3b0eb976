package io.gleitzeit.ops.bench;

import io.gleitzeit.ops.node.GleitzeitNode;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.redis.connect.RedisConnector;
import java.util.ArrayList;
import java.util.List;

/** Nodes as {@link GleitzeitNode}s in the bench's JVM: no sockets between processes, one JVM's CPU for everything. */
final class NodesInProcess implements BenchNodes {
    private final List<GleitzeitNode> nodes = new ArrayList<>();

    private NodesInProcess() {
    }

    static NodesInProcess start(RedisConnector redis, String runId, String prefix, int count, int partitions) {
        NodesInProcess started = new NodesInProcess();
        try {
            for (int i = 0; i < count; i++) {
                GleitzeitNode node = GleitzeitNode.create(redis, NodeOptions.newBuilder()
                        .replica(ReplicaOptions.newBuilder().replicaId("bench-" + runId + "-" + i).keyPrefix(prefix)
                                .partitions(partitions).build())
                        .transport(HubTransportOptions.newBuilder().host("127.0.0.1").port(0).build()).build(),
                        GleitzeitNode.Monitoring.defaults());
                started.nodes.add(node);
                node.start();
            }
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    @Override
    public List<String> hubUrls() {
        return nodes.stream().map(GleitzeitNode::localUrl).toList();
    }

    @Override
    public List<ProcessCpu> processes() {
        return List.of();
    }

    @Override
    public String benchJvmComponent() {
        return "bench: " + nodes.size() + " node(s), clients, services";
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}

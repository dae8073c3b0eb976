package io.gleitzeit.ops.bench;

import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.Executions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code INFO} of the servers behind a link: the one server (or the Sentinel's primary), or the nodes of a Redis
 * Cluster, each asked directly. Figures such as command counts and CPU time are per server, so a run is measured as
 * their sum.
 */
final class RedisServers {
    /** Which servers of a cluster to ask. */
    enum Nodes {
        /** The primaries: they execute what clients send (replicas only apply what their primary replicates). */
        PRIMARIES,
        /** Every node: each spends CPU, replicas included. */
        ALL
    }

    private RedisServers() {
    }

    /** The {@code INFO section} text of each server behind {@code link}. */
    @SuppressWarnings("unchecked")
    static List<String> info(RedisLink link, String section, Nodes nodes) {
        if (link.connection() instanceof StatefulRedisClusterConnection<?, ?> cluster) {
            var commands = ((StatefulRedisClusterConnection<String, String>) cluster).sync();
            Executions<String> replies = (nodes == Nodes.PRIMARIES ? commands.upstream() : commands.all())
                    .commands().info(section);
            List<String> texts = new ArrayList<>();
            replies.forEach(texts::add);
            return texts;
        }
        return List.of(link.sync().info(section));
    }

    /** The value of {@code field} in an INFO text ({@code field:value} lines), or {@code null}. */
    static String field(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).strip();
            }
        }
        return null;
    }
}

package io.gleitzeit.replay.stats;

import io.gleitzeit.log.redis.ConsumerGroups;
import io.gleitzeit.log.redis.GroupStats;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import io.gleitzeit.replay.timeline.Timeline;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stats}: per stream (commands and events of every partition, cluster events, dead letters) its length,
 * memory and every consumer group's lag, pending count and oldest pending idle time; then Redis' own memory figure.
 */
@Command(name = "stats", description = "Per stream: length, memory usage, and per consumer group lag, pending and "
        + "oldest pending idle time; Redis used_memory_human.")
public final class StatsCommand implements Callable<Integer> {
    private static final String ROW = "%-28s %8s %10s  %-14s %6s %8s %12s";

    @ParentCommand
    ReplayCli root;

    @Override
    public Integer call() {
        try (LogSession session = root.log().open()) {
            KeyLayout keys = session.keys();
            RedisClusterCommands<String, String> redis = session.redis();
            ConsumerGroups groups = new ConsumerGroups(session.connection());
            PrintWriter out = root.out();
            out.println(String.format(ROW, "STREAM", "LENGTH", "MEMORY", "GROUP", "LAG", "PENDING", "OLDEST-IDLE")
                    .stripTrailing());
            List<String> streams = new ArrayList<>();
            for (int p = 0; p < keys.partitions().count(); p++) {
                streams.add(keys.commands(p));
                streams.add(keys.events(p));
                streams.add(keys.deadLetters(keys.commands(p)));
            }
            streams.add(keys.clusterEvents());
            for (String stream : streams) {
                print(out, redis, groups, stream);
            }
            out.println("redis used_memory_human " + usedMemoryHuman(redis.info("memory")));
            return 0;
        }
    }

    private static void print(PrintWriter out, RedisClusterCommands<String, String> redis, ConsumerGroups groups,
                              String stream) {
        if (redis.exists(stream) == 0) {
            out.println(String.format(ROW, stream, "-", "-", "(no stream)", "", "", "").stripTrailing());
            return;
        }
        long length = redis.xlen(stream);
        Long memory = redis.memoryUsage(stream);
        String size = memory == null ? "-" : bytes(memory);
        List<String> names = groupNames(redis.xinfoGroups(stream));
        if (names.isEmpty()) {
            out.println(String.format(ROW, stream, length, size, "(no groups)", "", "", "").stripTrailing());
        }
        for (String group : names) {
            GroupStats g = groups.stats(stream, group).toCompletableFuture().join();
            out.println(String.format(ROW, stream, length, size, group,
                    g.lag().isPresent() ? Long.toString(g.lag().getAsLong()) : "?", g.pending(),
                    Timeline.formatDuration(g.oldestPendingIdle())).stripTrailing());
        }
    }

    /** Group names from XINFO GROUPS (name/value pairs in RESP2, maps in RESP3). */
    @SuppressWarnings("unchecked")
    private static List<String> groupNames(List<Object> info) {
        List<String> names = new ArrayList<>();
        for (Object group : info) {
            Map<String, Object> fields = new HashMap<>();
            if (group instanceof Map<?, ?> map) {
                map.forEach((k, v) -> fields.put(String.valueOf(k), v));
            } else {
                List<Object> list = (List<Object>) group;
                for (int i = 0; i + 1 < list.size(); i += 2) {
                    fields.put(String.valueOf(list.get(i)), list.get(i + 1));
                }
            }
            names.add(String.valueOf(fields.get("name")));
        }
        return names;
    }

    static String usedMemoryHuman(String info) {
        return info.lines().filter(l -> l.startsWith("used_memory_human:")).map(l -> l.substring(l.indexOf(':') + 1))
                .findFirst().orElse("?").trim();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double kib = n / 1024.0;
        return kib < 1024 ? String.format("%.1f KiB", kib) : String.format("%.1f MiB", kib / 1024);
    }
}

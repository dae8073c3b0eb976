package io.gleitzeit.ops.bench;

import io.gleitzeit.redis.connect.RedisLink;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calls per Redis command from {@code INFO commandstats} (Lua-internal calls included), so a run can be measured as
 * the difference of two readings without resetting a server someone else may be using. On a Redis Cluster the
 * primaries' counts are summed: each command a client sends runs on exactly one primary.
 */
record RedisCommandStats(Map<String, Long> calls) {

    static RedisCommandStats read(RedisLink redis) {
        Map<String, Long> calls = new TreeMap<>();
        for (String info : RedisServers.info(redis, "commandstats", RedisServers.Nodes.PRIMARIES)) {
            add(calls, info);
        }
        return new RedisCommandStats(calls);
    }

    private static void add(Map<String, Long> calls, String info) {
        for (String line : info.split("\r?\n")) {
            // cmdstat_xadd:calls=12,usec=...
            if (line.startsWith("cmdstat_")) {
                int colon = line.indexOf(':');
                String name = line.substring("cmdstat_".length(), colon);
                for (String kv : line.substring(colon + 1).split(",")) {
                    if (kv.startsWith("calls=")) {
                        calls.merge(name, Long.parseLong(kv.substring("calls=".length())), Long::sum);
                    }
                }
            }
        }
    }

    /** What was called between {@code before} and this reading. */
    RedisCommandStats minus(RedisCommandStats before) {
        Map<String, Long> diff = new TreeMap<>();
        calls.forEach((k, v) -> {
            long d = v - before.calls.getOrDefault(k, 0L);
            if (d > 0) {
                diff.put(k, d);
            }
        });
        return new RedisCommandStats(diff);
    }

    long total() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }
}

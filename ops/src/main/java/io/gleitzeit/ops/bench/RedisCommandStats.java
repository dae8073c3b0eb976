package io.gleitzeit.ops.bench;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calls per Redis command from {@code INFO commandstats} (Lua-internal calls included), so a run can be measured as
 * the difference of two readings without resetting a server someone else may be using.
 */
record RedisCommandStats(Map<String, Long> calls) {

    static RedisCommandStats read(RedisCommands<String, String> redis) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : redis.info("commandstats").split("\r?\n")) {
            // cmdstat_xadd:calls=12,usec=...
            if (line.startsWith("cmdstat_")) {
                int colon = line.indexOf(':');
                String name = line.substring("cmdstat_".length(), colon);
                for (String kv : line.substring(colon + 1).split(",")) {
                    if (kv.startsWith("calls=")) {
                        calls.put(name, Long.parseLong(kv.substring("calls=".length())));
                    }
                }
            }
        }
        return new RedisCommandStats(calls);
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

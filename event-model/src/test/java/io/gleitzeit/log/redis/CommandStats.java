package io.gleitzeit.log.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts of executed commands from {@code INFO commandstats}, to measure what an operation costs Redis. */
final class CommandStats {
    private static final Pattern LINE = Pattern.compile("^cmdstat_([a-z|_-]+):calls=(\\d+),", Pattern.MULTILINE);

    private CommandStats() {
    }

    /** Calls per command name so far, {@code INFO} itself left out. */
    static Map<String, Long> snapshot(RedisCommands<String, String> redis) {
        Map<String, Long> calls = new HashMap<>();
        Matcher m = LINE.matcher(redis.info("commandstats"));
        while (m.find()) {
            if (!m.group(1).equals("info")) {
                calls.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return calls;
    }

    /** What ran between two snapshots. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((command, calls) -> {
            long d = calls - before.getOrDefault(command, 0L);
            if (d != 0) {
                delta.put(command, d);
            }
        });
        return delta;
    }
}

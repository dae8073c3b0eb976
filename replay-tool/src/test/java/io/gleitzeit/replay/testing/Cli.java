package io.gleitzeit.replay.testing;

import io.gleitzeit.replay.cli.ReplayCli;
import io.gleitzeit.testing.redis.TestRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the tool in-process, as its {@code main} would, and captures what it prints. */
public final class Cli {
    /** The partition count the tests' logs use. */
    public static final int PARTITIONS = 4;

    private Cli() {
    }

    /** What one run printed and returned. */
    public record Run(int code, String out, String err) {
        public List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Runs the tool with exactly {@code args}. */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ReplayCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs the tool against the test's Redis and prefix ({@link #PARTITIONS} partitions). */
    public static Run on(TestRedis redis, String... args) {
        return onPrefix(redis, redis.prefix(), args);
    }

    /** Runs the tool against the test's Redis under {@code prefix}. */
    public static Run onPrefix(TestRedis redis, String prefix, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--redis", redisUrl(redis), "--prefix", prefix, "--partitions", "" + PARTITIONS));
        return run(all.toArray(String[]::new));
    }

    public static String redisUrl(TestRedis redis) {
        var uri = redis.uri();
        return "redis://" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }
}

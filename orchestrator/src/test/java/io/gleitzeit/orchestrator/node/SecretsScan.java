package io.gleitzeit.orchestrator.node;

import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks for secrets where they must never be: every value of every Redis key under a prefix (stream entries, hashes,
 * strings, sets, sorted sets, lists), and what the process logged while a capture was open.
 */
final class SecretsScan {

    private SecretsScan() {
    }

    /** Where each secret was found in Redis, as {@code key: secret}; empty when nowhere. */
    static List<String> redis(RedisCommands<String, String> redis, String prefix, List<String> secrets) {
        List<String> found = new ArrayList<>();
        ScanIterator<String> keys = ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "*").limit(500));
        while (keys.hasNext()) {
            String key = keys.next();
            String contents = key + " " + contents(redis, key);
            for (String secret : secrets) {
                if (contents.contains(secret)) {
                    found.add(key + ": " + secret);
                }
            }
        }
        return found;
    }

    private static String contents(RedisCommands<String, String> redis, String key) {
        return switch (redis.type(key)) {
            case "stream" -> redis.xrange(key, Range.create("-", "+")).stream().map(StreamMessage::getBody)
                    .toList().toString();
            case "hash" -> redis.hgetall(key).toString();
            case "string" -> String.valueOf(redis.get(key));
            case "set" -> redis.smembers(key).toString();
            case "zset" -> redis.zrange(key, 0, -1).toString();
            case "list" -> redis.lrange(key, 0, -1).toString();
            default -> "";
        };
    }

    /**
     * Copies everything written to {@code System.err} and {@code System.out} (where slf4j-simple and the JUL bridge
     * log) while open, still passing it through.
     */
    static final class LogCapture implements AutoCloseable {
        private final PrintStream err = System.err;
        private final PrintStream out = System.out;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        LogCapture() {
            System.setErr(new PrintStream(new Tee(err, copy), true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new Tee(out, copy), true, StandardCharsets.UTF_8));
        }

        synchronized String text() {
            return copy.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setErr(err);
            System.setOut(out);
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) {
            synchronized (second) {
                second.write(b);
            }
            try {
                first.write(b);
            } catch (java.io.IOException e) {
                // the original stream's failure is not the capture's concern
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (second) {
                second.write(b, off, len);
            }
            try {
                first.write(b, off, len);
            } catch (java.io.IOException e) {
                // as above
            }
        }
    }
}

package io.gleitzeit.ops.bench;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.gleitzeit.redis.connect.RedisLink;

/** A run's keys all start with its own prefix; they are removed after the run (never FLUSHDB: Redis may be shared). */
public final class BenchKeys {
    private BenchKeys() {
    }

    /**
     * Unlinks every key that starts with {@code prefix} (SCAN, never FLUSHDB). On a cluster the scan visits every
     * primary and the unlink is split by slot (Lettuce's cluster commands).
     */
    public static void delete(RedisLink admin, String prefix) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = admin.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
            if (!page.getKeys().isEmpty()) {
                admin.sync().unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}

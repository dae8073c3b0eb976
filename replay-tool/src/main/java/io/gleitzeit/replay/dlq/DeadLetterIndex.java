package io.gleitzeit.replay.dlq;

import io.gleitzeit.log.redis.DeadLetter;
import io.gleitzeit.log.redis.DeadLetters;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.replay.cli.LogSession;
import java.util.ArrayList;
import java.util.List;

/** The dead letters of one or every partition's scope, each with its partition. */
final class DeadLetterIndex {
    private final LogSession session;

    DeadLetterIndex(LogSession session) {
        this.session = session;
    }

    /** A dead letter with the partition whose scope holds it. */
    record Located(int partition, DeadLetter letter) {
    }

    List<Located> partition(int partition) {
        KeyLayout keys = session.keys();
        List<Located> out = new ArrayList<>();
        new DeadLetters(session.connection(), keys).list(keys.commands(partition), Integer.MAX_VALUE)
                .toCompletableFuture().join().forEach(l -> out.add(new Located(partition, l)));
        return out;
    }

    List<Located> all() {
        List<Located> out = new ArrayList<>();
        for (int p = 0; p < session.keys().partitions().count(); p++) {
            out.addAll(partition(p));
        }
        return out;
    }

    /** One line per dead letter. */
    static String line(Located l, KeyLayout keys) {
        DeadLetter d = l.letter();
        return "p" + l.partition() + " " + d.position().redisId() + "  " + keys.nameOf(d.stream()) + " "
                + d.entryId().redisId() + "  group " + d.group() + "  workflow " + d.workflowId().orElse("-")
                + "  deliveries " + d.deliveries() + "  parked " + d.parkedAt() + "  reason: " + d.reason();
    }
}

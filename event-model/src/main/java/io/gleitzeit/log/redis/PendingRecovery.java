package io.gleitzeit.log.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.gleitzeit.log.StreamPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a consumer's pending entries again and takes over those of dead consumers.
 *
 * <p>An own-pending pass pages through the consumer's pending list in id order: XPENDING gives each entry's
 * delivery count (the only place counts are read); entries whose attempts reach the limit are parked (attempts: the
 * count less the deliveries this consumer knows were waits behind a failed entry); the rest are read again with
 * XREADGROUP from the page's start (a delivery, so the count goes up) and handled like any batch. Reclaiming runs
 * XAUTOCLAIM with JUSTID, which moves stale entries to this consumer without counting a delivery, so the next pass
 * sees their true counts; Redis 7 also reports entries deleted while pending, which are lost and logged.
 */
final class PendingRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(PendingRecovery.class);

    private final ConsumerContext context;
    private final BatchProcessor batches;
    private final Map<String, String> claimCursors = new HashMap<>();

    PendingRecovery(ConsumerContext context, BatchProcessor batches) {
        this.context = context;
        this.batches = batches;
    }

    /** Delivers again, in order, every entry pending for this consumer on {@code stream}. */
    @SuppressWarnings("unchecked") // a generic varargs array of one stream offset
    void drainOwnPending(String stream) {
        batches.beginOwnPendingPass(stream);
        ConsumerOptions options = context.options;
        Consumer<String> me = Consumer.from(options.group(), options.consumer());
        String after = null;
        while (true) {
            Range<String> range = after == null
                    ? Range.unbounded()
                    : Range.from(Range.Boundary.including(StreamPosition.parse(after).next().redisId()),
                    Range.Boundary.unbounded());
            List<PendingMessage> page = context.await(context.redis.xpending(stream, new XPendingArgs<String>()
                    .group(options.group()).consumer(me).range(range).limit(Limit.from(options.batchSize()))));
            if (page.isEmpty()) {
                return;
            }
            List<PendingMessage> exhausted = new ArrayList<>();
            for (PendingMessage p : page) {
                if (batches.attempts(stream, p) >= options.maxDeliveries()) {
                    exhausted.add(p);
                }
            }
            if (!exhausted.isEmpty()) {
                batches.parkExhausted(stream, exhausted);
            }
            int rest = page.size() - exhausted.size();
            if (rest > 0) {
                List<StreamMessage<String, String>> again = context.await(context.redis.xreadgroup(me,
                        XReadArgs.Builder.count(rest), XReadArgs.StreamOffset.from(stream, after == null ? "0" : after)));
                List<StreamEntry> entries = new ArrayList<>(again.size());
                again.forEach(m -> entries.add(StreamEntry.of(stream, m)));
                batches.process(entries);
            }
            if (page.size() < options.batchSize()) {
                return;
            }
            after = page.get(page.size() - 1).getId();
        }
    }

    /**
     * Moves entries pending longer than the claim-idle threshold (other consumers', typically dead ones) to this
     * consumer, one XAUTOCLAIM page per stream and call; the next own-pending pass handles them.
     */
    void claimStale(String stream) {
        ConsumerOptions options = context.options;
        String cursor = claimCursors.getOrDefault(stream, "0-0");
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(stream)
                .add(options.group()).add(options.consumer()).add(options.claimIdle().toMillis()).add(cursor)
                .add("COUNT").add(options.batchSize()).add("JUSTID");
        List<Object> reply = context.await(context.redis.dispatch(CommandType.XAUTOCLAIM,
                new NestedMultiOutput<>(StringCodec.UTF8), args));
        claimCursors.put(stream, String.valueOf(reply.get(0)));
        List<?> claimed = (List<?>) reply.get(1);
        if (!claimed.isEmpty()) {
            LOG.info("group {}: consumer {} claimed {} stale entries of {}", options.group(), options.consumer(),
                    claimed.size(), stream);
            batches.markOwnPending(stream);
        }
        if (reply.size() > 2 && !((List<?>) reply.get(2)).isEmpty()) {
            LOG.warn("group {}: entries of {} were deleted while pending and are lost: {}", options.group(), stream,
                    reply.get(2));
        }
    }
}

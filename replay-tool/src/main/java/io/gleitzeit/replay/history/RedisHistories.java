package io.gleitzeit.replay.history;

import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.KeyLayout;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads workflow histories straight from the workflow streams, entry by entry, without the log's own consistency
 * checks: a history with gaps or unreadable commits is returned as it is, so that it can be shown and audited. The
 * payloads stored by reference come with it, as stored. Reading never changes anything.
 */
public final class RedisHistories {
    /** How many commits one XRANGE reads. */
    static final int PAGE = 500;

    private final RedisClusterCommands<String, String> redis;
    private final KeyLayout keys;
    private final CommitDecoder decoder;

    public RedisHistories(RedisClusterCommands<String, String> redis, KeyLayout keys, CommitDecoder decoder) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** The workflow's history; empty when its stream does not exist. */
    public WorkflowHistory read(String workflowId) {
        String stream = keys.workflowStream(workflowId);
        List<StoredCommit> commits = new ArrayList<>();
        Range.Boundary<String> from = Range.Boundary.unbounded();
        while (true) {
            List<StreamMessage<String, String>> page = redis.xrange(stream,
                    Range.from(from, Range.Boundary.unbounded()), Limit.from(PAGE));
            for (StreamMessage<String, String> m : page) {
                commits.add(commit(workflowId, m));
            }
            if (page.size() < PAGE) {
                return new WorkflowHistory(workflowId, commits, redis.hgetall(keys.blobs(workflowId)));
            }
            from = Range.Boundary.excluding(page.get(page.size() - 1).getId());
        }
    }

    private StoredCommit commit(String workflowId, StreamMessage<String, String> m) {
        String encoded = m.getBody().getOrDefault("e", "");
        String count = m.getBody().get("n");
        int declared;
        try {
            declared = count == null ? -1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            declared = -1;
        }
        return decoder.decode(workflowId, m.getId(), StreamPosition.parse(m.getId()).millis(), declared, encoded);
    }

    /** Whether anything is recorded for the workflow (its stream exists). */
    public boolean exists(String workflowId) {
        return redis.exists(keys.workflowStream(workflowId)) > 0;
    }

    /** The workflows of one partition's index, oldest submission first. */
    public List<String> workflowIds(int partition) {
        return redis.zrange(keys.workflows(partition), 0, -1);
    }

    /** The workflows of every partition's index. */
    public List<String> allWorkflowIds() {
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < keys.partitions().count(); p++) {
            ids.addAll(workflowIds(p));
        }
        return ids;
    }

    /** The workflows submitted at or after {@code since}, per partition in submission order. */
    public List<String> workflowIdsSince(Instant since) {
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < keys.partitions().count(); p++) {
            ids.addAll(redis.zrangebyscore(keys.workflows(p),
                    Range.from(Range.Boundary.including(since.toEpochMilli()), Range.Boundary.unbounded())));
        }
        return ids;
    }

    /** The key layout read from. */
    public KeyLayout keys() {
        return keys;
    }
}

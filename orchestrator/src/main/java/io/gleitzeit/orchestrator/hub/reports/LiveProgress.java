package io.gleitzeit.orchestrator.hub.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.protocol.TaskProgressReport;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.Objects;

/**
 * Publishes live progress (streamed text chunks, which are not recorded as events) on the Redis channel
 * {@code <prefix>live:progress}, so that whichever hub holds a workflow's subscribers relays them. The message is the
 * {@code task:progress} payload with {@code workflow_id} and {@code attempt} always set. Fire and forget: a lost
 * chunk is a gap in a live view, never in the record.
 */
public final class LiveProgress {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final String channel;
    private final ObjectMapper mapper = GleitzeitJson.newMapper();

    /**
     * Over a link the caller keeps and closes. On a cluster the PUBLISH goes to one node, which forwards it to the
     * subscribers on every node.
     */
    public LiveProgress(RedisLink connection, String keyPrefix) {
        this.redis = Objects.requireNonNull(connection, "connection").async();
        this.channel = channel(keyPrefix);
    }

    /** The channel for a key prefix. */
    public static String channel(String keyPrefix) {
        return keyPrefix + "live:progress";
    }

    void publish(String workflowId, TaskProgressReport report, int attempt) {
        ObjectNode message = mapper.valueToTree(report);
        message.put("workflow_id", workflowId);
        message.put("attempt", attempt);
        redis.publish(channel, message.toString());
    }
}

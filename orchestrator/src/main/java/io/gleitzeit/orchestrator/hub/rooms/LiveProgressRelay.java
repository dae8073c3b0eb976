package io.gleitzeit.orchestrator.hub.rooms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.orchestrator.hub.reports.LiveProgress;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskProgressReport;
import io.gleitzeit.redis.connect.RedisConnector;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Objects;

/**
 * Relays live progress (streamed LLM chunks) to the subscribers connected to this hub: the hub that receives a
 * service's {@code task:progress} publishes it on the channel {@link #channel(KeyLayout)} (JSON of
 * {@link TaskProgressReport}) instead of appending it, so chunks cost no stream entries; every hub subscribes and
 * sends each report as {@code task:progress} to the workflow's room. Pub/sub is at-most-once: a hub that is not
 * connected at that moment misses the chunk, which is fine for a live view (the result holds the whole text).
 */
public final class LiveProgressRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveProgressRelay.class);

    private final StatefulRedisPubSubConnection<String, String> connection;

    private LiveProgressRelay(StatefulRedisPubSubConnection<String, String> connection) {
        this.connection = connection;
    }

    /** The channel live progress is published on: {@code <prefix>live:progress}. */
    public static String channel(KeyLayout keys) {
        return LiveProgress.channel(keys.prefix()); // the publisher owns the name
    }

    /** Subscribes to the channel of {@code keys} and relays to {@code sink} until closed. */
    public static LiveProgressRelay start(RedisClient client, KeyLayout keys, RoomSink sink) {
        return start(RedisConnector.of(Objects.requireNonNull(client, "client")), keys, sink);
    }

    /**
     * As {@link #start(RedisClient, KeyLayout, RoomSink)}, on any Redis topology: on a cluster the subscription is
     * Lettuce's cluster pub/sub connection, which hears what is published on any node.
     */
    public static LiveProgressRelay start(RedisConnector client, KeyLayout keys, RoomSink sink) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(sink, "sink");
        String channel = channel(Objects.requireNonNull(keys, "keys"));
        ObjectMapper mapper = GleitzeitJson.newMapper();
        StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                if (channel.equals(from)) {
                    relay(mapper, sink, message);
                }
            }
        });
        connection.sync().subscribe(channel);
        return new LiveProgressRelay(connection);
    }

    private static void relay(ObjectMapper mapper, RoomSink sink, String message) {
        TaskProgressReport report;
        String workflowId;
        try {
            report = mapper.readValue(message, TaskProgressReport.class);
            // Task ids are <workflow_id>/<index>, so a report without its workflow id still finds its room.
            workflowId = report.workflowId() != null ? report.workflowId()
                    : WorkflowDefinition.workflowIdOfTask(report.taskId());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            log.warn("Dropped a malformed live progress message: {}", e.getMessage());
            return;
        }
        String room = WorkflowRooms.of(workflowId);
        if (sink.hasMembers(room)) {
            sink.send(room, new RoomEvent(EventNames.TASK_PROGRESS, report));
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}

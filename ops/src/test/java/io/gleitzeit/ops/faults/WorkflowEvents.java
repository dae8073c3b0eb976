package io.gleitzeit.ops.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A workflow's events as stored: every envelope of every commit of its stream, in order. */
final class WorkflowEvents {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WorkflowEvents() {
    }

    static List<JsonNode> read(RedisCommands<String, String> redis, String prefix, int partitions,
                               String workflowId) {
        String stream = new KeyLayout(prefix, new PartitionScheme(partitions)).workflowStream(workflowId);
        List<JsonNode> events = new ArrayList<>();
        for (StreamMessage<String, String> commit : redis.xrange(stream, Range.unbounded())) {
            try {
                MAPPER.readTree(commit.getBody().get("e")).forEach(events::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    /** The events of one type. */
    static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }
}

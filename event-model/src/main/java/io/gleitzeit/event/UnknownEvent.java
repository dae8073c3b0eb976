package io.gleitzeit.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An event whose wire type this reader does not know (written by a newer version). Readers keep it, folds ignore it,
 * so an older replica or tool survives a newer writer.
 */
public record UnknownEvent(String type, int schemaVersion, JsonNode data) implements WorkflowEvent, ClusterEvent {
    public UnknownEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}

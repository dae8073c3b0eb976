package io.gleitzeit.orchestrator.hub.rooms;

import java.util.Objects;

/** The Socket.IO room of one workflow: its subscribers, who receive its room events (PROTOCOL.md, Clients). */
public final class WorkflowRooms {
    private static final String PREFIX = "workflow:";

    private WorkflowRooms() {
    }

    /** The room whose members follow {@code workflowId}. */
    public static String of(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        return PREFIX + workflowId;
    }
}

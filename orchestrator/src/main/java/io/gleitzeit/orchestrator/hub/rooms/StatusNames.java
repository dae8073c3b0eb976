package io.gleitzeit.orchestrator.hub.rooms;

import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowStatus;
import java.util.Locale;
import java.util.Optional;

/** Workflow and task statuses as the wire spells them: the enum names in lower case ({@code retry_waiting}). */
public final class StatusNames {
    private StatusNames() {
    }

    public static String of(WorkflowStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    public static String of(TaskStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** The workflow status with that wire name, if there is one. */
    public static Optional<WorkflowStatus> workflowStatus(String wireName) {
        for (WorkflowStatus s : WorkflowStatus.values()) {
            if (of(s).equals(wireName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

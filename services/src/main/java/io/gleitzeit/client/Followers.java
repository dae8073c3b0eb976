package io.gleitzeit.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.protocol.TaskCompletedNotice;
import io.gleitzeit.protocol.TaskFailedNotice;
import io.gleitzeit.protocol.TaskProgressReport;
import io.gleitzeit.protocol.TaskStatusNotice;
import io.gleitzeit.protocol.WorkflowCancelledNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.protocol.WorkflowStartedNotice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of every followed workflow, and delivery of room events to them. Called on the client's single
 * event thread, so each listener sees its workflow's events in order.
 */
final class Followers {
    private static final Logger log = LoggerFactory.getLogger(Followers.class);

    /** One listener on one workflow; {@code completed} guards the once-only {@code onCompleted}. */
    static final class Follower {
        final String workflowId;
        final WorkflowListener listener;
        volatile boolean completed;

        Follower(String workflowId, WorkflowListener listener) {
            this.workflowId = workflowId;
            this.listener = listener;
        }
    }

    private final Map<String, List<Follower>> byWorkflow = new ConcurrentHashMap<>();

    Follower add(String workflowId, WorkflowListener listener) {
        Follower f = new Follower(workflowId, listener);
        byWorkflow.computeIfAbsent(workflowId, id -> new CopyOnWriteArrayList<>()).add(f);
        return f;
    }

    /** Removes the follower; true when the workflow has no follower left. */
    boolean remove(Follower follower) {
        boolean[] empty = {false};
        byWorkflow.computeIfPresent(follower.workflowId, (id, list) -> {
            list.remove(follower);
            empty[0] = list.isEmpty();
            return list.isEmpty() ? null : list;
        });
        return empty[0];
    }

    Set<String> workflows() {
        return Set.copyOf(byWorkflow.keySet());
    }

    boolean isFollowed(String workflowId) {
        return byWorkflow.containsKey(workflowId);
    }

    void started(WorkflowStartedNotice n) {
        each(n.workflowId(), l -> l.onStarted(n));
    }

    void taskStatus(TaskStatusNotice n) {
        each(n.workflowId(), l -> l.onTaskStatus(n));
    }

    void taskProgress(TaskProgressReport n) {
        each(n.workflowId(), l -> l.onTaskProgress(n));
    }

    void taskCompleted(TaskCompletedNotice n) {
        each(n.workflowId(), l -> l.onTaskCompleted(n));
    }

    void taskFailed(TaskFailedNotice n) {
        each(n.workflowId(), l -> l.onTaskFailed(n));
    }

    void cancelled(WorkflowCancelledNotice n) {
        each(n.workflowId(), l -> l.onCancelled(n));
    }

    /** Delivers {@code onCompleted} to every follower of the workflow; true when none is left afterwards. */
    boolean completed(WorkflowCompletedNotice n) {
        boolean noneLeft = false;
        for (Follower f : of(n.workflowId())) {
            noneLeft = completeOnce(f, n);
        }
        return noneLeft;
    }

    /**
     * Delivers {@code onCompleted} to one follower unless it already had it, and forgets the follower: a finished
     * workflow has no further events, and a long-lived client must not keep (and re-subscribe after every reconnect)
     * all the workflows it ever followed. True when the workflow has no follower left.
     */
    boolean completeOnce(Follower f, WorkflowCompletedNotice n) {
        if (!f.completed) {
            f.completed = true;
            call(f, l -> l.onCompleted(n));
        }
        return remove(f);
    }

    void lost() {
        byWorkflow.values().forEach(list -> list.forEach(f -> call(f, WorkflowListener::onConnectionLost)));
    }

    void reconnected(String workflowId) {
        each(workflowId, WorkflowListener::onReconnected);
    }

    List<Follower> of(String workflowId) {
        return List.copyOf(byWorkflow.getOrDefault(workflowId, List.of()));
    }

    /** The {@code workflow:completed} a finished workflow's status stands for, when the room event was missed. */
    static WorkflowCompletedNotice completedFrom(WorkflowSnapshot snapshot) {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (TaskSnapshot t : snapshot.tasks()) {
            if (t.result() != null && !t.result().isNull()) {
                results.put(t.name(), t.result());
            }
            if ("failed".equals(t.status())) {
                errors.put(t.name(), t.error() == null ? "failed" : t.error());
            }
        }
        return new WorkflowCompletedNotice(snapshot.workflowId(), snapshot.status(), snapshot.completedTasks(),
                snapshot.failedTasks(), results, errors, snapshot.finishedAt());
    }

    private void each(String workflowId, Consumer<WorkflowListener> call) {
        if (workflowId == null) {
            return;
        }
        for (Follower f : byWorkflow.getOrDefault(workflowId, List.of())) {
            call(f, call);
        }
    }

    private static void call(Follower f, Consumer<WorkflowListener> call) {
        try {
            call.accept(f.listener);
        } catch (RuntimeException e) {
            log.error("a listener of workflow {} failed", f.workflowId, e);
        }
    }
}

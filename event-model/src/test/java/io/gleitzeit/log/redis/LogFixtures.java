package io.gleitzeit.log.redis;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.AppendCondition;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.TimerChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small, valid events, commands and appends for the log's tests. */
final class LogFixtures {
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private LogFixtures() {
    }

    /** {@code count} progress events of {@code workflowId} with versions from {@code firstVersion}. */
    static List<EventEnvelope<WorkflowEvent>> events(String workflowId, long firstVersion, int count) {
        return events("test", workflowId, firstVersion, count);
    }

    /** As {@link #events(String, long, int)}, decided by {@code producer} (another writer's commit differs). */
    static List<EventEnvelope<WorkflowEvent>> events(String producer, String workflowId, long firstVersion,
                                                     int count) {
        List<EventEnvelope<WorkflowEvent>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long version = firstVersion + i;
            events.add(new EventEnvelope<>(workflowId + ":" + version, workflowId, version, NOW, "cmd-" + version,
                    workflowId, producer, new TaskProgressed(workflowId + "/0", 1, (int) (version % 100), "v" + version)));
        }
        return events;
    }

    /** An append of {@code count} events after {@code expected}, without timers or queue change. */
    static AppendRequest append(String workflowId, long expected, int count) {
        return append(workflowId, expected, count, List.of(), ReadyQueueChange.UNCHANGED);
    }

    static AppendRequest append(String workflowId, long expected, int count, List<TimerChange> timers,
                                ReadyQueueChange queue) {
        return appendBy("test", workflowId, expected, count, timers, queue);
    }

    /** An append decided by {@code producer}: the same versions as another writer's, but a different commit. */
    static AppendRequest appendBy(String producer, String workflowId, long expected, int count) {
        return appendBy(producer, workflowId, expected, count, List.of(), ReadyQueueChange.UNCHANGED);
    }

    static AppendRequest appendBy(String producer, String workflowId, long expected, int count,
                                  List<TimerChange> timers, ReadyQueueChange queue) {
        return new AppendRequest(workflowId, AppendCondition.expectVersion(expected),
                events(producer, workflowId, expected + 1, count), timers, queue);
    }

    /** A progress report for {@code workflowId}, with a recognisable id. */
    static CommandEnvelope command(String workflowId, String commandId) {
        return new CommandEnvelope(commandId, workflowId, NOW, "test", null,
                new ReportTaskProgress(workflowId + "/0", 1, 50, commandId));
    }

    /** A cluster event. */
    static EventEnvelope<ClusterEvent> clusterEvent(String id) {
        return new EventEnvelope<>(id, null, 0, NOW, null, null, "test", new ServiceDisconnected("svc-" + id, "gone"));
    }
}

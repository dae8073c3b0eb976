package io.gleitzeit.replay.timeline;

import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.state.BatchProgress;
import io.gleitzeit.replay.history.StoredEvent;
import io.gleitzeit.replay.history.WorkflowHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's events in order, each with its time relative to submission, its task's name and a description.
 * Built from the history alone, without the fold, so that a history the fold rejects can still be read.
 */
public final class Timeline {
    private Timeline() {
    }

    /** The timeline of {@code history}'s readable events. */
    public static List<TimelineEntry> of(WorkflowHistory history) {
        List<StoredEvent> events = history.events();
        List<TimelineEntry> entries = new ArrayList<>(events.size());
        if (events.isEmpty()) {
            return entries;
        }
        Instant start = events.get(0).envelope().occurredAt();
        Map<String, String> names = new HashMap<>();
        EventDetails details = new EventDetails(start);
        for (StoredEvent stored : events) {
            EventEnvelope<WorkflowEvent> e = stored.envelope();
            if (e.payload() instanceof WorkflowSubmitted s) {
                names.putAll(taskNames(s.definition()));
            }
            String taskId = e.taskId();
            String name = taskId == null ? null : nameOf(taskId, names);
            entries.add(new TimelineEntry(stored, Duration.between(start, e.occurredAt()), name, details.describe(e)));
        }
        return entries;
    }

    /** A task's name; a batch unit's is its batch task's name with the item, {@code Summarise[3]}. */
    private static String nameOf(String taskId, Map<String, String> names) {
        String name = names.get(taskId);
        if (name == null && BatchProgress.isUnitId(taskId)) {
            String batch = names.get(BatchProgress.batchOf(taskId));
            return batch == null ? taskId : batch + "[" + BatchProgress.itemOf(taskId) + "]";
        }
        return name == null ? taskId : name;
    }

    private static Map<String, String> taskNames(WorkflowDefinition definition) {
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < definition.tasks().size(); i++) {
            names.put(definition.taskId(i), definition.tasks().get(i).name());
        }
        return names;
    }

    /** {@code +m:ss.SSS} (with hours when needed); negative when an event claims to precede the submission. */
    public static String formatRelative(Duration d) {
        String sign = d.isNegative() ? "-" : "+";
        Duration a = d.abs();
        long hours = a.toHours();
        String clock = String.format("%d:%02d.%03d", a.toMinutesPart(), a.toSecondsPart(), a.toMillisPart());
        return sign + (hours > 0 ? hours + ":" + (a.toMinutesPart() < 10 ? "0" : "") + clock : clock);
    }

    /** A duration as people read it: {@code 850ms}, {@code 2.350s}, {@code 3m 05.000s}. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (Math.abs(ms) < 1000) {
            return ms + "ms";
        }
        if (Math.abs(ms) < 60_000) {
            return String.format("%d.%03ds", ms / 1000, Math.abs(ms % 1000));
        }
        return String.format("%dm %02d.%03ds", d.toMinutes(), d.toSecondsPart(), d.toMillisPart());
    }
}

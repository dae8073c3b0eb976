package io.gleitzeit.replay.timeline;

import io.gleitzeit.replay.history.WorkflowHistory;

/** The text form of a timeline: fixed columns, one event per line. */
final class TimelineText {
    private static final String FORMAT = "%-11s %4s  %-22s %-14s %3s  %s";

    private TimelineText() {
    }

    static String header(WorkflowHistory history) {
        return String.format(FORMAT, "TIME", "V", "TYPE", "TASK", "ATT", "DETAIL").stripTrailing();
    }

    static String line(TimelineEntry e) {
        int attempt = e.event().envelope().attempt();
        return String.format(FORMAT, Timeline.formatRelative(e.relative()), e.event().envelope().version(),
                e.event().wireType(), e.taskName() == null ? "-" : e.taskName(), attempt == 0 ? "-" : attempt,
                e.detail()).stripTrailing();
    }
}

package io.gleitzeit.replay.timeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import io.gleitzeit.replay.history.StoredCommit;
import io.gleitzeit.replay.history.WorkflowHistory;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code timeline WORKFLOW_ID [--json]}: every event of a workflow in order. */
@Command(name = "timeline", description = "Every event of a workflow in order: time since submission, version, "
        + "type, task and attempt, routing decisions, durations, errors.")
public final class TimelineCommand implements Callable<Integer> {
    @ParentCommand
    ReplayCli root;

    @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
    String workflowId;

    @Option(names = "--json", description = "one JSON object per line: the stored event plus relative_ms and task_name")
    boolean json;

    @Override
    public Integer call() {
        try (LogSession session = root.log().open()) {
            WorkflowHistory history = session.histories().read(workflowId);
            if (history.isEmpty()) {
                throw new CommandFailure("workflow " + workflowId + " not found (no stream "
                        + session.keys().workflowStream(workflowId) + ")");
            }
            PrintWriter out = root.out();
            List<TimelineEntry> entries = Timeline.of(history);
            if (json) {
                entries.forEach(e -> out.println(jsonLine(e)));
            } else {
                out.println(TimelineText.header(history));
                entries.forEach(e -> out.println(TimelineText.line(e)));
            }
            for (StoredCommit commit : history.commits()) {
                if (!commit.isReadable()) {
                    root.err().println("warning: commit " + commit.source() + " cannot be read and is not shown: "
                            + commit.problem().orElseThrow());
                }
            }
            return 0;
        }
    }

    private static String jsonLine(TimelineEntry entry) {
        ObjectNode node = entry.event().stored().deepCopy();
        node.put("relative_ms", entry.relative().toMillis());
        node.put("task_name", entry.taskName());
        return node.toString();
    }
}

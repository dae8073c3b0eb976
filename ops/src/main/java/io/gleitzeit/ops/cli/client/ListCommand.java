package io.gleitzeit.ops.cli.client;

import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowListing;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gleitzeit list}: the newest workflows. */
@Command(name = "list", mixinStandardHelpOptions = true,
        header = "List workflows, newest first.",
        description = {"List workflows, newest first (from the workflow summaries projection, so one",
            "submitted a moment ago may appear a moment later). Exit code: 0 listed, 2 bad --status or",
            "--limit, 3 cannot connect.",
            "",
            "Example: gleitzeit list --status running --limit 20"})
public final class ListCommand extends HubClientCommand {

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only workflows in this status: running, completed, failed or cancelled.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N (default: the hub's, 100; at most 1000).")
    Integer limit;

    @Override
    void validate() {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
        }
    }

    @Override
    int run(GleitzeitClient client, PrintWriter out) {
        List<WorkflowListing> workflows = client.list(status, limit).join();
        if (json) {
            printJson(out, Map.of("workflows", workflows));
            return ExitCodes.OK;
        }
        if (workflows.isEmpty()) {
            out.println("no workflows" + (status == null ? "" : " " + status));
            return ExitCodes.OK;
        }
        for (WorkflowListing w : workflows) {
            int done = w.taskCounts().getOrDefault("completed", 0);
            out.printf("%-40s %-10s %3d/%-3d tasks completed  %s  %s%n", w.workflowId(), w.status(), done,
                    w.totalTasks(), w.submittedAt(), w.name());
        }
        return ExitCodes.OK;
    }
}

package io.gleitzeit.ops.cli.client;

import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.TaskSnapshot;
import io.gleitzeit.client.WorkflowSnapshot;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gleitzeit status ID}: a workflow's status and every task's. */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show a workflow's status and every task's.",
        description = {"Show a workflow's status and every task's state, attempts, result or error.",
            "Exit code: 0 shown, 1 no such workflow (or refused), 3 cannot connect.",
            "",
            "Example: gleitzeit status wf-3f2c... --json"})
public final class StatusCommand extends HubClientCommand {
    private static final int RESULT_PREVIEW = 100;

    @Parameters(paramLabel = "ID", description = "The workflow id.")
    String workflowId;

    @Override
    int run(GleitzeitClient client, PrintWriter out) {
        WorkflowSnapshot w = client.status(workflowId).join();
        if (json) {
            printJson(out, w);
            return ExitCodes.OK;
        }
        out.printf("%s \"%s\": %s%s%n", w.workflowId(), w.name(), w.status(),
                w.reason() == null ? "" : " (" + w.reason() + ")");
        out.printf("submitted %s by %s%s%n", w.submittedAt(), w.submittedBy(),
                w.finishedAt() == null ? "" : ", finished " + w.finishedAt());
        out.printf("tasks: %d total, %d completed, %d failed, %d skipped, %d cancelled%n", w.totalTasks(),
                w.completedTasks(), w.failedTasks(), w.skippedTasks(), w.cancelledTasks());
        int width = w.tasks().stream().mapToInt(t -> t.name().length()).max().orElse(4);
        for (TaskSnapshot t : w.tasks()) {
            out.printf("  %-" + width + "s  %-13s attempts %d  %s%n", t.name(), t.status(), t.attempts(), detail(t));
        }
        return ExitCodes.OK;
    }

    private static String detail(TaskSnapshot t) {
        if (t.error() != null && !"completed".equals(t.status())) {
            return "error: " + t.error();
        }
        if (t.result() == null || t.result().isNull()) {
            return t.progressMessage() == null ? "" : t.progress() + "% " + t.progressMessage();
        }
        String text = t.result().isTextual() ? t.result().asText() : t.result().toString();
        text = text.replace('\n', ' ');
        return "result: " + (text.length() <= RESULT_PREVIEW ? text : text.substring(0, RESULT_PREVIEW) + "...");
    }
}

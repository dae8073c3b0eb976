package io.gleitzeit.ops.cli.client;

import io.gleitzeit.client.GleitzeitClient;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gleitzeit cancel ID}: cancels a running workflow. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        header = "Cancel a running workflow.",
        description = {"Cancel a running workflow: its unfinished tasks are cancelled and running ones get",
            "task:cancel at their service. Exit code: 0 cancelled, 1 no such workflow or already finished,",
            "3 cannot connect.",
            "",
            "Example: gleitzeit cancel wf-3f2c... --reason 'wrong input'"})
public final class CancelCommand extends HubClientCommand {

    @Parameters(paramLabel = "ID", description = "The workflow id.")
    String workflowId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the workflow's events).")
    String reason;

    @Override
    int run(GleitzeitClient client, PrintWriter out) {
        client.cancel(workflowId, reason).join();
        if (json) {
            printJson(out, Map.of("ok", true, "workflow_id", workflowId));
        } else {
            out.println("cancelling " + workflowId);
        }
        return ExitCodes.OK;
    }
}

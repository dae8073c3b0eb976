package io.gleitzeit.ops.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.GleitzeitClientException;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gleitzeit submit FILE|-}: sends a workflow document to the hub. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        header = "Submit a workflow document; --wait or --follow for its outcome.",
        description = {"Submit a workflow document (JSON; docs/workflow-documents.md) from FILE, or from",
            "standard input with '-', or one built from a folder's files with --batch-folder DIR",
            "--type text|vision|python (one batch task, once per file; see docs/workflow-documents.md).",
            "Prints the workflow id; --wait waits for the outcome and prints",
            "every task's result; --follow shows live progress (a bar, each task's state, streamed",
            "text) until it finishes.",
            "",
            "Exit code: 0 submitted (or, with --wait/--follow, completed), 1 failed or cancelled,",
            "2 invalid document (every problem is listed by JSON path), 3 cannot connect.",
            "",
            "Example: gleitzeit submit workflow.json --follow",
            "         gleitzeit submit --batch-folder ./docs --type text --prompt 'Summarize:' --wait"})
public final class SubmitCommand extends HubClientCommand {
    private InputStream stdin = System.in;
    private JsonNode document;

    @Parameters(paramLabel = "FILE|-", arity = "0..1",
            description = "The workflow document, or '-' for standard input (not with --batch-folder).")
    String file;

    @Mixin
    BatchFolderOptions batch = new BatchFolderOptions();

    @Option(names = "--wait", description = "Wait for the workflow to finish and print the results.")
    boolean await;

    @Option(names = "--follow", description = "Show live progress until the workflow finishes.")
    boolean follow;

    /** For tests: where '-' reads from. */
    SubmitCommand readingFrom(InputStream in) {
        this.stdin = in;
        return this;
    }

    @Override
    int run(GleitzeitClient client, PrintWriter out) throws Exception {
        if (follow) {
            FollowView view = new FollowView(out, json);
            String id = client.submit(document, view).join();
            if (!json) {
                out.println("submitted " + id);
                out.flush();
            }
            return outcome(view.outcome().join(), out, false);
        }
        String id = client.submit(document).join();
        if (!await) {
            if (json) {
                printJson(out, Map.of("workflow_id", id));
            } else {
                out.println(id);
            }
            return ExitCodes.OK;
        }
        if (!json) {
            out.println("submitted " + id + "; waiting for it to finish");
            out.flush();
        }
        return outcome(client.awaitResult(id).join(), out, true);
    }

    /** Prints the outcome (with --wait) and returns the exit code it stands for. */
    private int outcome(WorkflowCompletedNotice result, PrintWriter out, boolean print) {
        if (print) {
            if (json) {
                printJson(out, result);
            } else {
                out.println("workflow " + result.workflowId() + " " + result.status() + ": "
                        + result.completedTasks() + " completed, " + result.failedTasks() + " failed");
                result.results().forEach((task, value) -> out.println("  " + task + ": " + value));
                result.errors().forEach((task, error) -> out.println("  " + task + " FAILED: " + error));
            }
        }
        return "completed".equals(result.status()) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private JsonNode document() {
        String text;
        try {
            text = "-".equals(file) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new GleitzeitClientException("bad_request", "FILE: " + file + " does not exist");
        } catch (IOException e) {
            throw new GleitzeitClientException("bad_request", "FILE: cannot read " + file + ": " + e.getMessage());
        }
        String source = "-".equals(file) ? "standard input" : file;
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed == null || parsed.isMissingNode()) {
                throw new GleitzeitClientException("bad_request", "FILE: " + source + " is empty");
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw new GleitzeitClientException("bad_request", "FILE: " + source + " is not JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        }
    }

    @Override
    void validate() {
        if (await && follow) {
            throw new IllegalArgumentException("--wait and --follow exclude each other (--follow also waits)");
        }
        if (batch.requested()) {
            if (file != null) {
                throw new IllegalArgumentException("FILE: give a workflow document or --batch-folder, not both");
            }
            document = batch.toBatch().document();
            return;
        }
        if (batch.anyGiven()) {
            throw new IllegalArgumentException("--type, --pattern, --prompt, --model, --provider, --function,"
                    + " --python-arg, --max-concurrency, --error-strategy, --name, --max-document-bytes:"
                    + " apply only with --batch-folder");
        }
        if (file == null) {
            throw new IllegalArgumentException("FILE: a workflow document (or '-' for standard input) is required,"
                    + " or --batch-folder DIR --type text|vision|python");
        }
        document = document();
    }
}

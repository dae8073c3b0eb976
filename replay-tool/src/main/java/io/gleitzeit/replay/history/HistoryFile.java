package io.gleitzeit.replay.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The export format: JSON lines, one commit per line, in the order of each workflow's stream:
 * <pre>{"workflow_id":"order-1","first_version":3,"events":[…the stored array, byte for byte…]}</pre>
 * The recorded histories of the build's replay test use the same format.
 */
public final class HistoryFile {
    private final CommitDecoder decoder;

    public HistoryFile(CommitDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** The line of one commit; the stored events are copied, not re-encoded. */
    public String line(StoredCommit commit) {
        try {
            return "{\"workflow_id\":" + decoder.codec().mapper().writeValueAsString(commit.workflowId())
                    + ",\"first_version\":" + commit.firstVersion() + ",\"events\":" + commit.encodedEvents() + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a workflow id", e);
        }
    }

    /**
     * Reads every commit of a file, grouped by workflow in the order the workflows first appear. Fails, naming the
     * line, on a line that is not a commit; commits whose events cannot be decoded are kept with their problem.
     */
    public List<WorkflowHistory> read(BufferedReader reader, String name) {
        ObjectMapper mapper = decoder.codec().mapper();
        Map<String, List<StoredCommit>> byWorkflow = new LinkedHashMap<>();
        int lineNumber = 0;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String source = name + ":" + lineNumber;
                JsonNode node = parse(mapper, line, source);
                String workflowId = node.path("workflow_id").asText("");
                JsonNode firstVersion = node.get("first_version");
                JsonNode events = node.get("events");
                if (workflowId.isEmpty() || firstVersion == null || !firstVersion.canConvertToLong()
                        || events == null || !events.isArray()) {
                    throw new IllegalArgumentException(source + ": a commit line needs workflow_id (text), "
                            + "first_version (number) and events (array)");
                }
                byWorkflow.computeIfAbsent(workflowId, k -> new ArrayList<>())
                        .add(decoder.decode(workflowId, source, firstVersion.asLong(), events));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        List<WorkflowHistory> histories = new ArrayList<>(byWorkflow.size());
        byWorkflow.forEach((id, commits) -> histories.add(new WorkflowHistory(id, commits)));
        return histories;
    }

    private static JsonNode parse(ObjectMapper mapper, String line, String source) {
        try {
            JsonNode node = mapper.readTree(line);
            if (!node.isObject()) {
                throw new IllegalArgumentException(source + ": not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": malformed JSON: " + e.getOriginalMessage(), e);
        }
    }
}

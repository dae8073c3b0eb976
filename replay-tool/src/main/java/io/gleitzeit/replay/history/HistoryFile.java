package io.gleitzeit.replay.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.payload.Blob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The export format: JSON lines, one commit per line, in the order of each workflow's stream, then one line per
 * payload its events hold by reference:
 * <pre>{"workflow_id":"order-1","first_version":3,"events":[…the stored array, byte for byte…]}
 * {"workflow_id":"order-1","blob_sha256":"9f86d0…","content":"…the stored content…"}</pre>
 * The recorded histories of the build's replay test use the same format.
 */
public final class HistoryFile {
    private static final String BLOB_FIELD = "blob_sha256";
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

    /** The line of one payload stored by reference. */
    public String blobLine(String workflowId, String sha256, String content) {
        ObjectMapper mapper = decoder.codec().mapper();
        ObjectNode line = mapper.createObjectNode();
        line.put("workflow_id", workflowId);
        line.put(BLOB_FIELD, sha256);
        line.put("content", content);
        try {
            return mapper.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a payload line", e);
        }
    }

    /** Every line of one workflow's history: its commits, then its payloads. */
    public List<String> lines(WorkflowHistory history) {
        List<String> lines = new ArrayList<>();
        history.commits().forEach(c -> lines.add(line(c)));
        new TreeMap<>(history.blobs()).forEach((sha, content) -> lines.add(blobLine(history.workflowId(), sha,
                content)));
        return lines;
    }

    /**
     * Reads every commit of a file, grouped by workflow in the order the workflows first appear. Fails, naming the
     * line, on a line that is not a commit; commits whose events cannot be decoded are kept with their problem.
     */
    public List<WorkflowHistory> read(BufferedReader reader, String name) {
        ObjectMapper mapper = decoder.codec().mapper();
        Map<String, List<StoredCommit>> byWorkflow = new LinkedHashMap<>();
        Map<String, Map<String, String>> blobs = new LinkedHashMap<>();
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
                if (node.has(BLOB_FIELD)) {
                    readBlob(node, workflowId, source, blobs);
                    byWorkflow.computeIfAbsent(workflowId, k -> new ArrayList<>());
                    continue;
                }
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
        byWorkflow.forEach((id, commits) -> histories.add(new WorkflowHistory(id, commits,
                blobs.getOrDefault(id, Map.of()))));
        return histories;
    }

    private static void readBlob(JsonNode node, String workflowId, String source,
                                 Map<String, Map<String, String>> blobs) {
        JsonNode sha = node.get(BLOB_FIELD);
        JsonNode content = node.get("content");
        if (workflowId.isEmpty() || !sha.isTextual() || content == null || !content.isTextual()) {
            throw new IllegalArgumentException(source + ": a payload line needs workflow_id (text), " + BLOB_FIELD
                    + " (text) and content (text)");
        }
        Blob blob = Blob.ofText(content.asText());
        if (!blob.ref().sha256().equals(sha.asText())) {
            throw new IllegalArgumentException(source + ": the content of payload " + sha.asText()
                    + " does not match its SHA-256 (it hashes to " + blob.ref().sha256() + ")");
        }
        blobs.computeIfAbsent(workflowId, k -> new LinkedHashMap<>()).put(sha.asText(), content.asText());
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

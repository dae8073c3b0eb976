package io.gleitzeit.orchestrator.hub.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.orchestrator.hub.transport.Harness;
import java.util.ArrayList;
import java.util.List;

/**
 * A script for the JS ({@code workflow-client.js}) and Python ({@code workflow_client.py}) workflow clients, and
 * what they reported.
 */
final class Steps {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ArrayNode steps = JSON.createArrayNode();

    static Steps script() {
        return new Steps();
    }

    /** Emits {@code event} with an ack callback; the answer is reported under {@code save}. */
    Steps emit(String event, Object payload, String save) {
        steps.addObject().put("op", "emit").put("event", event).put("save", save)
                .set("payload", JSON.valueToTree(payload));
        return this;
    }

    /** Waits for {@code event} with a payload that has every field of {@code match}. */
    Steps await(String event, String... fieldValuePairs) {
        ObjectNode step = steps.addObject().put("op", "wait").put("event", event);
        ObjectNode match = step.putObject("match");
        for (int i = 0; i < fieldValuePairs.length; i += 2) {
            match.put(fieldValuePairs[i], fieldValuePairs[i + 1]);
        }
        return this;
    }

    /** Runs the script with the client named {@code client}: {@code js} or {@code python}. */
    Report run(String client, ClientHub hub, String token) {
        return switch (client) {
            case "js" -> runJs(hub, token);
            case "python" -> runPython(hub, token);
            default -> throw new IllegalArgumentException("no client named " + client);
        };
    }

    Report runJs(ClientHub hub, String token) {
        return runJs(hub.url(), token);
    }

    Report runJs(String url, String token) {
        return new Report(Harness.runJs("workflow-client.js", options(url, token)));
    }

    Report runPython(ClientHub hub, String token) {
        return runPython(hub.url(), token);
    }

    Report runPython(String url, String token) {
        return new Report(Harness.runPython("workflow_client.py", options(url, token)));
    }

    private ObjectNode options(String url, String token) {
        ObjectNode options = Harness.options().put("url", url).put("token", token).put("timeout_ms", 60_000);
        options.set("steps", steps);
        return options;
    }

    /** What a client run reported. */
    record Report(JsonNode json) {
        JsonNode ack(String name) {
            return json.path("acks").path(name);
        }

        /** The events received with a payload for {@code workflowId}, in arrival order. */
        List<JsonNode> eventsOf(String workflowId) {
            List<JsonNode> out = new ArrayList<>();
            json.path("events").forEach(e -> {
                if (workflowId.equals(e.path("payload").path("workflow_id").asText())) {
                    out.add(e);
                }
            });
            return out;
        }

        List<String> namesOf(String workflowId) {
            return eventsOf(workflowId).stream().map(e -> e.path("event").asText()).toList();
        }

        JsonNode first(String workflowId, String event) {
            return eventsOf(workflowId).stream().filter(e -> e.path("event").asText().equals(event)).findFirst()
                    .map(e -> e.path("payload")).orElseThrow(() -> new AssertionError("no " + event + " for "
                            + workflowId + " in " + json));
        }
    }
}

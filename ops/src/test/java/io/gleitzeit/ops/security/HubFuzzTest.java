package io.gleitzeit.ops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input against a full hub over real sockets and real Redis: every inbound event with malformed frames, wrong
 * types, huge payloads, deep nesting, unicode, missing fields, unknown events, and hostile workflow documents;
 * curated cases plus seeded random ones (seed: system property {@code gleitzeit.fuzz.seed}). Each request is answered
 * (an error names a code and a message), events without a handler are ignored, a well-behaved client is served
 * throughout, and no stream grows.
 */
@RedisTest
class HubFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final Duration NO_ANSWER = Duration.ofMillis(300);
    /** Every event a hub handles. */
    private static final List<String> HANDLED = List.of(EventNames.AUTHENTICATE, EventNames.NODE_REGISTER,
            EventNames.NODE_HEARTBEAT, EventNames.TASK_ACCEPTED, EventNames.TASK_PROGRESS, EventNames.TASK_COMPLETED,
            EventNames.TASK_FAILED, EventNames.WORKFLOW_SUBMIT, EventNames.WORKFLOW_STATUS, EventNames.WORKFLOW_CANCEL,
            EventNames.WORKFLOW_SUBSCRIBE, EventNames.WORKFLOW_UNSUBSCRIBE, EventNames.WORKFLOW_LIST,
            EventNames.MONITOR_SUBSCRIBE, EventNames.MONITOR_UNSUBSCRIBE, EventNames.MONITOR_WORKFLOWS,
            EventNames.MONITOR_WORKFLOW);
    /** Events whose handlers check the size of what they carry (documents, results) instead of the event limit. */
    private static final List<String> SIZED_BY_HANDLER = List.of(EventNames.WORKFLOW_SUBMIT, EventNames.TASK_COMPLETED,
            EventNames.TASK_FAILED);
    private static final String OVER_EVENT_LIMIT = "payload just over the event limit (1 MiB)";
    /** Events whose payload is a record: anything but an object (or nothing) is a bad request. */
    private static final List<String> RECORD_PAYLOADS = List.of(EventNames.AUTHENTICATE, EventNames.NODE_REGISTER,
            EventNames.NODE_HEARTBEAT, EventNames.TASK_ACCEPTED, EventNames.TASK_PROGRESS, EventNames.TASK_COMPLETED,
            EventNames.TASK_FAILED, EventNames.WORKFLOW_STATUS, EventNames.WORKFLOW_CANCEL,
            EventNames.WORKFLOW_SUBSCRIBE, EventNames.WORKFLOW_UNSUBSCRIBE, EventNames.WORKFLOW_LIST,
            EventNames.MONITOR_SUBSCRIBE, EventNames.MONITOR_WORKFLOWS, EventNames.MONITOR_WORKFLOW);
    private static final List<String> FIELDS = List.of("node_id", "name", "node_type", "capabilities", "task_types",
            "max_concurrent_tasks", "functions", "task_id", "workflow_id", "result", "error", "attempt", "service_name",
            "timestamp", "progress", "message", "usage", "token", "client_type", "status", "limit", "reason", "tasks",
            "type", "dependencies", "prompt", "args", "kwargs", "current_load", "hub_id", "endpoint_id", "success");
    private static final List<String> WEIRD_STRINGS = List.of("", " ", "\u0000", "\u202Eevil", "日本語🙂", "\uFFFF\uFFFE",
            "a".repeat(10_000), "../../etc/passwd", "{{A.result}}", "__proto__", "null", "-1", "1e309", "\r\n\t",
            "'; DROP TABLE x; --", "${jndi:ldap://127.0.0.1/x}", "%s%n%x");

    private SecureHub hub;
    private RawSocket fuzzer;
    private RawSocket bystander;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private int cases;

    @BeforeEach
    void setUp(TestRedis redis) throws Exception {
        hub = new SecureHub(redis, Authenticator.allowAll(), UnaryOperator.identity());
        hub.functions(null);
        fuzzer = RawSocket.connect(hub.port());
        bystander = RawSocket.connect(hub.port());
    }

    @AfterEach
    void tearDown() {
        if (fuzzer != null) {
            fuzzer.close();
        }
        if (bystander != null) {
            bystander.close();
        }
        hub.close();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyEventSurvivesHostileInputAndNothingIsAppended() throws Exception {
        long seed = Long.getLong("gleitzeit.fuzz.seed", 20261127L);
        Random random = new Random(seed);
        TreeMap<String, Long> before = hub.streamLengths();

        for (String event : HANDLED) {
            for (Map.Entry<String, String> c : curatedPayloads(event).entrySet()) {
                Optional<JsonNode> answer = fuzz(event, c.getValue());
                assertAnswered(event, c.getKey(), answer);
                if (RECORD_PAYLOADS.contains(event) && c.getKey().startsWith("top-level ")) {
                    assertThat(answer.get().path("error").path("code").asText())
                            .as("%s with a %s", event, c.getKey()).isEqualTo("bad_request");
                }
                if (c.getKey().equals(OVER_EVENT_LIMIT) && !SIZED_BY_HANDLER.contains(event)) {
                    assertThat(answer.get().path("error").path("code").asText()).as("%s %s", event, c.getKey())
                            .isEqualTo("payload_too_large");
                    assertThat(answer.get().path("error").path("message").asText()).as("%s %s", event, c.getKey())
                            .contains("over the limit of 1048576 bytes per event (max_event_payload_bytes)");
                }
            }
        }
        for (String event : List.of("no:such_event", "", "__proto__", "task:assign", "x".repeat(5000), "日本語🙂")) {
            assertThat(fuzzer.request(event, "{\"a\":1}", NO_ANSWER)).as("unknown event %s", event).isEmpty();
            count("unknown event ignored");
            assertThat(fuzzer.isOpen()).isTrue();
        }
        for (String frame : malformedFrames()) {
            fuzzer.send(frame);
            count("malformed frame");
            checkBystander();
            reconnectFuzzerIfClosed();
        }
        // The last frame left /cluster (41): continue on a fresh connection.
        fuzzer.close();
        fuzzer = RawSocket.connect(hub.port());
        System.out.printf("HubFuzzTest: curated, unknown and malformed done (%d cases)%n", cases);
        for (Map.Entry<String, JsonNode> doc : hostileDocuments().entrySet()) {
            System.out.printf("HubFuzzTest: document %s%n", doc.getKey());
            Optional<JsonNode> answer = fuzz(EventNames.WORKFLOW_SUBMIT, JSON.writeValueAsString(doc.getValue()));
            assertAnswered(EventNames.WORKFLOW_SUBMIT, doc.getKey(), answer);
            assertThat(answer.get().path("ok").asBoolean()).as("document %s", doc.getKey()).isFalse();
            assertThat(answer.get().path("error").path("code").asText()).as("document %s", doc.getKey())
                    .isEqualTo("invalid_workflow");
            assertThat(answer.get().path("error").path("details").size()).as("document %s", doc.getKey())
                    .isPositive();
        }
        System.out.printf("HubFuzzTest: documents done (%d cases)%n", cases);
        int randomCases = Integer.getInteger("gleitzeit.fuzz.random", 400);
        for (int i = 0; i < randomCases; i++) {
            String event = HANDLED.get(random.nextInt(HANDLED.size()));
            String payload = JSON.writeValueAsString(randomValue(random, 0));
            assertAnswered(event, "random #" + i + " (seed " + seed + ")", fuzz(event, payload));
            if (i % 25 == 0) {
                checkBystander();
            }
        }
        checkBystander();
        System.out.printf("HubFuzzTest: random done (%d cases)%n", cases);

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
                .until(() -> hub.streamLengths().equals(before));
        assertThat(hub.streamLengths()).as("stream lengths after %d cases", cases).isEqualTo(before);

        // The hub still runs work for a well-behaved client.
        GleitzeitClient client = hub.client(null);
        String id = client.submit("""
                {"name": "after the storm", "tasks": [{"name": "A", "type": "function", "function": "gcd",
                 "args": [84, 36]}]}""").get(60, TimeUnit.SECONDS);
        assertThat(client.awaitResult(id).get(120, TimeUnit.SECONDS).status()).isEqualToIgnoringCase("completed");

        System.out.printf("HubFuzzTest: %d cases (seed %d): %s%n", cases, seed, outcomes);
        assertThat(cases).isGreaterThan(700);
    }

    private Optional<JsonNode> fuzz(String event, String payloadJson) throws Exception {
        reconnectFuzzerIfClosed();
        Optional<JsonNode> answer = fuzzer.request(event, payloadJson, ANSWER);
        cases++;
        answer.ifPresentOrElse(a -> count(a.path("ok").asBoolean() ? "ok" : a.path("error").path("code").asText()),
                () -> count(fuzzer.isOpen() ? "no answer" : "connection closed"));
        return answer;
    }

    private void assertAnswered(String event, String what, Optional<JsonNode> answer) {
        assertThat(answer).as("%s %s is answered", event, what).isPresent();
        JsonNode a = answer.get();
        if (!a.path("ok").asBoolean()) {
            assertThat(a.path("error").path("code").asText()).as("%s %s: error code", event, what).isNotBlank();
            assertThat(a.path("error").path("message").asText()).as("%s %s: error message", event, what)
                    .isNotBlank();
            assertThat(a.path("error").path("code").asText()).as("%s %s", event, what).isNotEqualTo("internal");
        }
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
        if (outcome.equals("unknown event ignored") || outcome.equals("malformed frame")) {
            cases++;
        }
    }

    private void checkBystander() throws Exception {
        Optional<JsonNode> answer = bystander.request(EventNames.WORKFLOW_LIST, "{}", ANSWER);
        assertThat(answer).as("the bystander is served").isPresent();
        assertThat(answer.get().path("ok").asBoolean()).as("bystander answer %s", answer).isTrue();
    }

    private void reconnectFuzzerIfClosed() throws Exception {
        if (!fuzzer.isOpen()) {
            fuzzer.close();
            fuzzer = RawSocket.connect(hub.port());
        }
    }

    /** Per event: wrong top-level types, missing and mistyped fields, unicode, huge and deep values. */
    private static Map<String, String> curatedPayloads(String event) throws Exception {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("top-level number", "42");
        c.put("top-level negative float", "-1.5e300");
        c.put("top-level string", "\"node:register\"");
        c.put("top-level array", "[1,{\"node_id\":\"x\"}]");
        c.put("top-level boolean", "true");
        c.put("missing payload", null);
        c.put("null payload", "null");
        c.put("empty object", "{}");
        for (String field : FIELDS) {
            c.put(field + " as object", "{\"" + field + "\":{\"$ne\":null}}");
            c.put(field + " as array", "{\"" + field + "\":[[[]]]}");
            c.put(field + " as number", "{\"" + field + "\":-9223372036854775809}");
        }
        for (int i = 0; i < WEIRD_STRINGS.size(); i++) {
            ObjectNode all = F.objectNode();
            for (String field : FIELDS) {
                all.put(field, WEIRD_STRINGS.get(i));
            }
            c.put("every field weird string #" + i, JSON.writeValueAsString(all));
        }
        c.put("huge string (1 MiB)", "{\"node_id\":\"" + "x".repeat(1 << 20) + "\",\"task_id\":\"t\"}");
        c.put(OVER_EVENT_LIMIT, "{\"message\":\"" + "x".repeat((1 << 20) - 13) + "\"}");
        c.put("huge array (200k numbers)", "{\"args\":[" + "1,".repeat(200_000) + "1]}");
        c.put("deep nesting 500", "{\"result\":" + "[".repeat(500) + "]".repeat(500) + "}");
        c.put("deep objects 300", "{\"capabilities\":" + "{\"a\":".repeat(300) + "1" + "}".repeat(300) + "}");
        c.put("many keys (20k)", manyKeys());
        c.put("duplicate keys", "{\"node_id\":\"a\",\"node_id\":\"b\"}");
        c.put("unicode escapes", "{\"name\":\"\\u0000\\ud83d\\ude00\\ud800\",\"workflow_id\":\"\\u202e\"}");
        return c;
    }

    private static String manyKeys() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < 20_000; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return b.append('}').toString();
    }

    /** Frames that are not valid Socket.IO, or not valid JSON, or deeper than the parser takes. */
    private static List<String> malformedFrames() {
        List<String> frames = new ArrayList<>();
        frames.add("42/cluster,7[\"node:register\",{");
        frames.add("42/cluster,8[");
        frames.add("42/cluster,9{}");
        frames.add("42/cluster,10[\"node:register\",{\"a\":}]");
        frames.add("42/cluster,11[1,2]");
        frames.add("42/cluster,12[]");
        frames.add("42/cluster,13[null]");
        frames.add("42/cluster,99999999999999999999[\"workflow:list\",{}]");
        frames.add("42/nowhere,14[\"workflow:list\",{}]");
        frames.add("4X");
        frames.add("9");
        frames.add("");
        frames.add("\u0000\u0001\u0002");
        frames.add("42/cluster,15[\"workflow:submit\"," + "[".repeat(5000) + "]".repeat(5000) + "]");
        frames.add("42/cluster,16[\"node:register\",{\"node_id\":\"\\x\"}]");
        frames.add("42/cluster,17[\"node:register\",{'single':'quotes'}]");
        frames.add("42/cluster,18[\"node:register\",{\"a\":1,}]");
        frames.add("42/cluster,19[\"node:register\",NaN]");
        frames.add("45/cluster,1-[\"node:register\",{\"_placeholder\":true,\"num\":0}]");
        frames.add("41/cluster,");
        return frames;
    }

    /** Workflow documents that must be refused whole with every problem listed. */
    private static Map<String, JsonNode> hostileDocuments() throws Exception {
        Map<String, JsonNode> d = new LinkedHashMap<>();
        d.put("cycle", doc(task("A", "B"), task("B", "C"), task("C", "A")));
        d.put("self dependency", doc(task("A", "A")));
        d.put("duplicate names", doc(task("A"), task("A")));
        d.put("unknown dependency", doc(task("A", "Nope")));
        d.put("no tasks", doc());
        d.put("tasks not an array", JSON.readTree("{\"name\":\"w\",\"tasks\":\"A\"}"));
        d.put("no name", JSON.readTree("{\"tasks\":[{\"name\":\"A\",\"type\":\"function\",\"function\":\"add\"}]}"));
        d.put("task without type", JSON.readTree("{\"name\":\"w\",\"tasks\":[{\"name\":\"A\"}]}"));
        d.put("unknown task type", JSON.readTree("{\"name\":\"w\",\"tasks\":[{\"name\":\"A\",\"type\":\"shell\","
                + "\"command\":\"rm -rf /\"}]}"));
        d.put("function task without function", JSON.readTree("{\"name\":\"w\",\"tasks\":[{\"name\":\"A\","
                + "\"type\":\"function\"}]}"));
        d.put("unicode names in a cycle", doc(task("日本🙂", "\u202Eb"), task("\u202Eb", "日本🙂")));
        d.put("name too long", doc(task("n".repeat(300))));
        d.put("braces in a name", doc(task("{{A}}")));
        d.put("reference to an unknown task", JSON.readTree("{\"name\":\"w\",\"tasks\":[{\"name\":\"A\","
                + "\"type\":\"function\",\"function\":\"add\",\"args\":[\"{{Z.result}}\",1]}]}"));
        d.put("negative retry", JSON.readTree("{\"name\":\"w\",\"tasks\":[{\"name\":\"A\",\"type\":\"function\","
                + "\"function\":\"add\",\"retry\":{\"max_attempts\":-3}}]}"));
        d.put("workflow_id with a slash", JSON.readTree("{\"workflow_id\":\"a/b\",\"name\":\"w\",\"tasks\":"
                + "[{\"name\":\"A\",\"type\":\"function\",\"function\":\"add\"}]}"));
        d.put("workflow_id a number", JSON.readTree("{\"workflow_id\":7,\"name\":\"w\",\"tasks\":"
                + "[{\"name\":\"A\",\"type\":\"function\",\"function\":\"add\"}]}"));
        d.put("dependencies a number", JSON.readTree("{\"name\":\"w\",\"tasks\":[{\"name\":\"A\",\"type\":"
                + "\"function\",\"function\":\"add\",\"dependencies\":5}]}"));
        d.put("timeout of 100 years", JSON.readTree("{\"name\":\"w\",\"timeout_seconds\":3153600000,\"tasks\":"
                + "[{\"name\":\"A\",\"type\":\"function\",\"function\":\"add\"}]}"));
        String deep = "[".repeat(100) + "1" + "]".repeat(100);
        d.put("args nested 100 deep", JSON.readTree("{\"name\":\"w\",\"tasks\":[{\"name\":\"A\",\"type\":"
                + "\"function\",\"function\":\"add\",\"args\":" + deep + "}]}"));
        ArrayNode many = F.arrayNode();
        for (int i = 0; i < 10_001; i++) {
            many.add(F.objectNode().put("name", "t" + i).put("type", "function").put("function", "add"));
        }
        d.put("10001 tasks", F.objectNode().put("name", "w").set("tasks", many));
        ArrayNode chain = F.arrayNode();
        for (int i = 0; i < 2000; i++) {
            ObjectNode t = F.objectNode().put("name", "c" + i).put("type", "function").put("function", "add");
            t.set("dependencies", F.arrayNode().add("c" + ((i + 1) % 2000)));
            chain.add(t);
        }
        d.put("2000-task cycle", F.objectNode().put("name", "w").set("tasks", chain));
        return d;
    }

    private static JsonNode doc(ObjectNode... tasks) {
        ArrayNode array = F.arrayNode();
        for (ObjectNode t : tasks) {
            array.add(t);
        }
        return F.objectNode().put("name", "hostile").set("tasks", array);
    }

    private static ObjectNode task(String name, String... dependencies) {
        ObjectNode t = F.objectNode().put("name", name).put("type", "function").put("function", "add");
        t.putArray("args").add(1).add(2);
        ArrayNode deps = t.putArray("dependencies");
        for (String d : dependencies) {
            deps.add(d);
        }
        return t;
    }

    /** A random JSON value, biased to objects with protocol field names, of random types. */
    private static JsonNode randomValue(Random random, int depth) {
        int kind = depth > 6 ? random.nextInt(5) : random.nextInt(8);
        return switch (kind) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(random.nextBoolean() ? random.nextLong() : random.nextDouble() * 1e12);
            case 2 -> F.booleanNode(random.nextBoolean());
            case 3, 4 -> F.textNode(randomString(random));
            case 5 -> {
                ArrayNode a = F.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(randomValue(random, depth + 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (int i = random.nextInt(6); i > 0; i--) {
                    String key = random.nextInt(5) == 0 ? randomString(random) : FIELDS.get(random.nextInt(FIELDS.size()));
                    o.set(key, randomValue(random, depth + 1));
                }
                yield o;
            }
        };
    }

    private static String randomString(Random random) {
        if (random.nextInt(3) == 0) {
            return WEIRD_STRINGS.get(random.nextInt(WEIRD_STRINGS.size()));
        }
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            b.appendCodePoint(random.nextInt(4) == 0 ? 0x1F600 + random.nextInt(80) : 0x20 + random.nextInt(0x3000));
        }
        return b.toString();
    }
}

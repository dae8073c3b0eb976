package io.gleitzeit.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisBlobStore;
import io.gleitzeit.redis.connect.RedisLink;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTest
class LargePayloadsTest {
    private static final long LIMIT = 4096;
    private static final String WF = "wf-large";
    private static final EventCodec CODEC = EventCodec.standard();

    private KeyLayout keys;
    private RedisCommands<String, String> redis;
    private LargePayloads payloads;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        keys = new KeyLayout(testRedis.prefix(), new PartitionScheme(4));
        var connection = testRedis.connect();
        redis = connection.sync();
        payloads = new LargePayloads(new RedisBlobStore(RedisLink.of(connection), keys), LIMIT);
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static EventEnvelope<WorkflowEvent> envelope(long version, WorkflowEvent event) {
        return new EventEnvelope<>(WF + ":" + version, WF, version, Instant.EPOCH, null, null, "test", event);
    }

    private static TaskCompleted completed(JsonNode result) {
        return new TaskCompleted(WF + "/0", 1, result, null, null, "svc", null);
    }

    private static String text(int length) {
        return "x".repeat(length);
    }

    private static long encodedSize(EventEnvelope<?> envelope) {
        return CODEC.encode(envelope).length();
    }

    @Nested
    class Storing {
        @Test
        void aResultUnderTheLimitStaysInline() {
            List<EventEnvelope<WorkflowEvent>> events = List.of(envelope(1, completed(TextNode.valueOf(text(100)))));

            assertThat(join(payloads.storeLarge(WF, events))).isSameAs(events);
            assertThat(redis.exists(keys.blobs(WF))).isZero();
        }

        @Test
        void aResultOverTheLimitIsStoredOnceAndReplacedByItsReference() {
            JsonNode big = TextNode.valueOf(text(10_000));
            List<EventEnvelope<WorkflowEvent>> events = List.of(envelope(1, completed(big)),
                    envelope(2, new WorkflowCompleted(1, Map.of("A", big))));

            List<EventEnvelope<WorkflowEvent>> stored = join(payloads.storeLarge(WF, events));

            JsonNode ref = ((TaskCompleted) stored.get(0).payload()).result();
            BlobRef blob = BlobRef.from(ref).orElseThrow();
            assertThat(blob.size()).isEqualTo(10_000);
            assertThat(blob.contentType()).isEqualTo(BlobRef.TEXT);
            assertThat(((WorkflowCompleted) stored.get(1).payload()).results().get("A")).isEqualTo(ref);
            assertThat(redis.hgetall(keys.blobs(WF))).containsExactly(Map.entry(blob.sha256(), text(10_000)));
            assertThat(stored).allSatisfy(e -> assertThat(encodedSize(e)).isLessThan(LIMIT));
        }

        @Test
        void theInnermostLargeValueGoesSoThatTheSameContentIsStoredOnce() {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("summary", "short");
            result.put("body", text(10_000));
            List<EventEnvelope<WorkflowEvent>> events = List.of(envelope(1, completed(result)),
                    envelope(2, completed(TextNode.valueOf(text(10_000)))));

            List<EventEnvelope<WorkflowEvent>> stored = join(payloads.storeLarge(WF, events));

            JsonNode first = ((TaskCompleted) stored.get(0).payload()).result();
            assertThat(first.get("summary").asText()).isEqualTo("short");
            assertThat(BlobRef.from(first.get("body"))).isPresent();
            assertThat(first.get("body")).isEqualTo(((TaskCompleted) stored.get(1).payload()).result());
            assertThat(redis.hlen(keys.blobs(WF))).isEqualTo(1);
        }

        @Test
        void valuesEachUnderTheLimitThatAddUpToMoreGoLargestFirstUntilTheRestFits() {
            Map<String, JsonNode> results = new LinkedHashMap<>();
            for (int i = 0; i < 6; i++) {
                results.put("T" + i, TextNode.valueOf(text(1000 + i)));
            }
            List<EventEnvelope<WorkflowEvent>> events = List.of(envelope(1, new WorkflowCompleted(6, results)));

            EventEnvelope<WorkflowEvent> stored = join(payloads.storeLarge(WF, events)).get(0);

            Map<String, JsonNode> kept = ((WorkflowCompleted) stored.payload()).results();
            assertThat(kept.entrySet()).filteredOn(e -> BlobRef.from(e.getValue()).isPresent())
                    .extracting(Map.Entry::getKey).containsExactlyInAnyOrder("T5", "T4", "T3");
            assertThat(encodedSize(stored)).isLessThan(LIMIT + 1000);
        }

        @Test
        void aCommandsLargeResultIsStoredByReference() {
            CommandEnvelope command = new CommandEnvelope("completed:" + WF + "/0:1", WF, Instant.EPOCH, "hub", null,
                    new ReportTaskCompleted(WF + "/0", 1, TextNode.valueOf(text(9000)), null, null, "svc", null));

            CommandEnvelope stored = join(payloads.storeLarge(command));

            assertThat(BlobRef.from(((ReportTaskCompleted) stored.payload()).result())).isPresent();
            assertThat(join(payloads.resolve(stored))).isEqualTo(command);
        }

        @Test
        void aLongTextKeepsItsHeadInlineAndIsStoredWhole() {
            String error = "Traceback: " + text(20_000);

            String shortened = join(payloads.shorten(WF, error));

            assertThat(shortened).startsWith("Traceback: xxx").contains("20011 bytes in all")
                    .contains("blob:sha256:" + Blob.ofText(error).ref().sha256());
            assertThat(shortened.length()).isLessThan(2000);
            assertThat(redis.hget(keys.blobs(WF), Blob.ofText(error).ref().sha256())).isEqualTo(error);
            assertThat(join(payloads.shorten(WF, "short"))).isEqualTo("short");
        }
    }

    @Nested
    class Resolving {
        @Test
        void storedEventsResolveToTheOriginals() {
            ObjectNode nested = JsonNodeFactory.instance.objectNode();
            nested.set("items", JsonNodeFactory.instance.arrayNode().add(text(5000)).add(7).add(text(6000)));
            List<EventEnvelope<WorkflowEvent>> events = List.of(envelope(1, completed(nested)),
                    envelope(2, new TaskProgressed(WF + "/0", 1, 50, "half")));

            List<EventEnvelope<WorkflowEvent>> stored = join(payloads.storeLarge(WF, events));
            List<EventEnvelope<WorkflowEvent>> resolved = join(payloads.resolve(WF, stored));

            assertThat(stored).isNotEqualTo(events);
            assertThat(resolved).isEqualTo(events);
        }

        @Test
        void aReferenceNestedInAStoredValueIsResolvedToo() {
            // items each over the limit, and together (as refs plus a large inline part) still over it
            ObjectNode value = JsonNodeFactory.instance.objectNode();
            value.put("a", text(5000));
            value.put("b", text(3000));
            value.put("c", text(3000));
            List<EventEnvelope<WorkflowEvent>> events = List.of(envelope(1, completed(value)));

            List<EventEnvelope<WorkflowEvent>> stored = join(payloads.storeLarge(WF, events));

            assertThat(BlobRef.from(((TaskCompleted) stored.get(0).payload()).result())).isPresent();
            assertThat(join(payloads.resolve(WF, stored))).isEqualTo(events);
        }

        @Test
        void aReferenceToAMissingBlobStaysInPlace() {
            JsonNode ref = Blob.ofText("never stored").ref().toJson();
            List<EventEnvelope<WorkflowEvent>> events = List.of(envelope(1, completed(ref)));

            assertThat(join(payloads.resolve(WF, events))).isEqualTo(events);
        }

        @Test
        void eventsWithoutReferencesAreReturnedAsTheyAre() {
            List<EventEnvelope<Event>> events = List.of(
                    new EventEnvelope<>("e1", WF, 1, Instant.EPOCH, null, null, "test", completed(TextNode.valueOf("x"))));

            assertThat(join(payloads.resolve(WF, events))).isSameAs(events);
        }
    }

    @Nested
    class References {
        @Test
        void onlyAnObjectOfExactlyTheThreeWellFormedFieldsIsAReference() {
            ObjectNode ref = Blob.ofText("content").ref().toJson();
            assertThat(BlobRef.from(ref)).contains(Blob.ofText("content").ref());

            ObjectNode extra = ref.deepCopy().put("more", 1);
            ObjectNode badHash = ref.deepCopy().put("$ref", "blob:sha256:abc");
            ObjectNode badType = ref.deepCopy().put("content_type", "image/png");
            ObjectNode negative = ref.deepCopy().put("size", -1);
            assertThat(List.of(extra, badHash, badType, negative, TextNode.valueOf(ref.get("$ref").asText())))
                    .allSatisfy(node -> assertThat(BlobRef.from(node)).isEmpty());
        }

        @Test
        void jsonSizeCountsTheEncodedBytes() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("text", "Grüße 🚀 \"q\" \\ \n\u0001");
            node.set("list", JsonNodeFactory.instance.arrayNode().add(1).add(true).addNull().add(2.5));
            node.set("empty", JsonNodeFactory.instance.objectNode());

            assertThat(JsonSize.of(node)).isEqualTo(CODEC.mapper().valueToTree(node).toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }
}

package io.gleitzeit.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.log.Commit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the event streams small: payloads above the inline limit are stored once in a {@link BlobStore} and the
 * stream holds a {@link BlobRef} in their place; reading resolves the references again, so whoever reads events or
 * commands through it sees the values. Which fields may hold references is {@link PayloadSlots}'s business.
 *
 * <p>Storing: within each payload field, every JSON value (innermost first) whose encoded size exceeds the limit is
 * stored by reference; if the event's payload fields together still exceed it, their largest values go too. Content is
 * addressed by its SHA-256, so a result that flows unchanged into a dependent task's parameters and into the
 * workflow's end is stored once. Thread-safe.
 */
public final class LargePayloads {
    /** The default inline limit: 256 KiB. */
    public static final long DEFAULT_INLINE_LIMIT_BYTES = 256 * 1024;
    /** The smallest inline limit: a reference itself takes about 120 bytes. */
    public static final long MIN_INLINE_LIMIT_BYTES = 1024;
    /** How much of a shortened text stays inline. */
    static final int SHORTENED_HEAD_CHARS = 1024;
    private static final int MAX_NESTING = 16;
    private static final Logger LOG = LoggerFactory.getLogger(LargePayloads.class);

    private final BlobStore store;
    private final long inlineLimit;
    private final ObjectMapper mapper = GleitzeitJson.newMapper();

    /**
     * @param store       where blobs go
     * @param inlineLimit the largest payload kept in a stream entry, in bytes (at least {@value #MIN_INLINE_LIMIT_BYTES})
     */
    public LargePayloads(BlobStore store, long inlineLimit) {
        this.store = Objects.requireNonNull(store, "store");
        if (inlineLimit < MIN_INLINE_LIMIT_BYTES) {
            throw new IllegalArgumentException("inline_limit must be at least " + MIN_INLINE_LIMIT_BYTES
                    + " bytes, was " + inlineLimit);
        }
        this.inlineLimit = inlineLimit;
    }

    /** With the {@linkplain #DEFAULT_INLINE_LIMIT_BYTES default limit} (enough for readers, which only resolve). */
    public static LargePayloads over(BlobStore store) {
        return new LargePayloads(store, DEFAULT_INLINE_LIMIT_BYTES);
    }

    public long inlineLimit() {
        return inlineLimit;
    }

    public BlobStore store() {
        return store;
    }

    // ---- storing ------------------------------------------------------------------------------------------------

    /** {@code events} with their large payloads stored and replaced by references; the same list when none is. */
    public <E extends Event> CompletionStage<List<EventEnvelope<E>>> storeLarge(String workflowId,
                                                                               List<EventEnvelope<E>> events) {
        Map<String, Blob> blobs = new LinkedHashMap<>();
        List<EventEnvelope<E>> out = new ArrayList<>(events.size());
        boolean changed = false;
        for (EventEnvelope<E> envelope : events) {
            E payload = envelope.payload();
            @SuppressWarnings("unchecked")
            E small = (E) shrink(payload, (p, f) -> PayloadSlots.map((Event) p, f), blobs);
            changed |= small != payload;
            out.add(small == payload ? envelope : withPayload(envelope, small));
        }
        if (!changed) {
            return CompletableFuture.completedFuture(events);
        }
        return store.put(workflowId, List.copyOf(blobs.values())).thenApply(stored -> out);
    }

    /** {@code command} with its large payload stored and replaced by a reference; the same command when it has none. */
    public CompletionStage<CommandEnvelope> storeLarge(CommandEnvelope command) {
        Map<String, Blob> blobs = new LinkedHashMap<>();
        WorkflowCommand payload = command.payload();
        WorkflowCommand small = (WorkflowCommand) shrink(payload, (p, f) -> PayloadSlots.map((WorkflowCommand) p, f),
                blobs);
        if (small == payload) {
            return CompletableFuture.completedFuture(command);
        }
        return store.put(command.workflowId(), List.copyOf(blobs.values())).thenApply(stored -> withPayload(command,
                small));
    }

    /**
     * {@code text} when it fits the inline limit; otherwise its head with a note of its size and of the blob the whole
     * text is stored in (for error and progress messages, which are plain text fields).
     */
    public CompletionStage<String> shorten(String workflowId, String text) {
        if (text == null || text.length() * 3L <= inlineLimit
                || text.getBytes(StandardCharsets.UTF_8).length <= inlineLimit) {
            return CompletableFuture.completedFuture(text);
        }
        Blob blob = Blob.ofText(text);
        int head = Math.min(SHORTENED_HEAD_CHARS, text.length());
        if (Character.isHighSurrogate(text.charAt(head - 1))) {
            head--;
        }
        String shortened = text.substring(0, head) + " … [" + blob.ref().size() + " bytes in all, over the inline "
                + "limit of " + inlineLimit + "; the whole text is " + blob.ref().uri() + "]";
        return store.put(workflowId, List.of(blob)).thenApply(stored -> shortened);
    }

    /** A payload's slots as they are, then as they will be stored. */
    private interface Slots {
        Object map(Object payload, UnaryOperator<JsonNode> f);
    }

    private Object shrink(Object payload, Slots slots, Map<String, Blob> blobs) {
        List<JsonNode> values = new ArrayList<>();
        slots.map(payload, value -> {
            values.add(value);
            return value;
        });
        long total = 0;
        for (JsonNode value : values) {
            total += JsonSize.of(value);
        }
        if (total <= inlineLimit) {
            return payload;
        }
        List<JsonNode> small = new ArrayList<>(values.size());
        long[] sizes = new long[values.size()];
        total = 0;
        for (int i = 0; i < values.size(); i++) {
            Sized s = storeWithin(values.get(i), blobs);
            small.add(s.node());
            sizes[i] = s.size();
            total += s.size();
        }
        // Values each under the limit may still add up to more: the largest go by reference until the rest fits.
        while (total > inlineLimit) {
            int largest = -1;
            for (int i = 0; i < sizes.length; i++) {
                if (BlobRef.from(small.get(i)).isEmpty() && (largest < 0 || sizes[i] > sizes[largest])) {
                    largest = i;
                }
            }
            if (largest < 0) {
                break;
            }
            ObjectNode ref = stored(small.get(largest), blobs);
            total += JsonSize.of(ref) - sizes[largest];
            sizes[largest] = JsonSize.of(ref);
            small.set(largest, ref);
        }
        Iterator<JsonNode> replacements = small.iterator();
        return slots.map(payload, value -> replacements.next());
    }

    private record Sized(JsonNode node, long size) {
    }

    /** {@code node} with every value over the limit, innermost first, stored and replaced by its reference. */
    private Sized storeWithin(JsonNode node, Map<String, Blob> blobs) {
        JsonNode result = node;
        long size;
        if (node.isObject() && BlobRef.from(node).isEmpty()) {
            ObjectNode copy = null;
            size = 2 + Math.max(0, node.size() - 1);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Sized child = storeWithin(field.getValue(), blobs);
                if (child.node() != field.getValue()) {
                    if (copy == null) {
                        copy = JsonNodeFactory.instance.objectNode();
                        copy.setAll((ObjectNode) node);
                    }
                    copy.set(field.getKey(), child.node());
                }
                size += JsonSize.ofString(field.getKey()) + 1 + child.size();
            }
            result = copy == null ? node : copy;
        } else if (node.isArray()) {
            ArrayNode copy = null;
            size = 2 + Math.max(0, node.size() - 1);
            for (int i = 0; i < node.size(); i++) {
                Sized child = storeWithin(node.get(i), blobs);
                if (child.node() != node.get(i)) {
                    if (copy == null) {
                        copy = JsonNodeFactory.instance.arrayNode(node.size());
                        copy.addAll((ArrayNode) node);
                    }
                    copy.set(i, child.node());
                }
                size += child.size();
            }
            result = copy == null ? node : copy;
        } else {
            size = JsonSize.of(node);
        }
        if (size > inlineLimit && BlobRef.from(result).isEmpty()) {
            ObjectNode ref = stored(result, blobs);
            return new Sized(ref, JsonSize.of(ref));
        }
        return new Sized(result, size);
    }

    private ObjectNode stored(JsonNode value, Map<String, Blob> blobs) {
        Blob blob = Blob.of(value, mapper);
        blobs.putIfAbsent(blob.ref().sha256(), blob);
        return blob.ref().toJson();
    }

    // ---- resolving ----------------------------------------------------------------------------------------------

    /** {@code events} with every reference replaced by its value; the same list when they hold none. */
    public <E extends Event> CompletionStage<List<EventEnvelope<E>>> resolve(String workflowId,
                                                                            List<EventEnvelope<E>> events) {
        Set<BlobRef> refs = new LinkedHashSet<>();
        for (EventEnvelope<E> envelope : events) {
            PayloadSlots.map(envelope.payload(), value -> collect(value, refs));
        }
        if (refs.isEmpty()) {
            return CompletableFuture.completedFuture(events);
        }
        return fetch(workflowId, refs, new HashMap<>(), 0).thenApply(contents -> {
            Resolution resolution = new Resolution(contents);
            List<EventEnvelope<E>> out = new ArrayList<>(events.size());
            for (EventEnvelope<E> envelope : events) {
                @SuppressWarnings("unchecked")
                E resolved = (E) PayloadSlots.map(envelope.payload(), resolution::apply);
                out.add(resolved == envelope.payload() ? envelope : withPayload(envelope, resolved));
            }
            return out;
        });
    }

    /** {@code commit} with every reference replaced by its value. */
    public CompletionStage<Commit> resolve(Commit commit) {
        return resolve(commit.workflowId(), commit.events()).thenApply(events -> events == commit.events() ? commit
                : new Commit(commit.position(), commit.workflowId(), events));
    }

    /** {@code command} with every reference replaced by its value. */
    public CompletionStage<CommandEnvelope> resolve(CommandEnvelope command) {
        Set<BlobRef> refs = new LinkedHashSet<>();
        PayloadSlots.map(command.payload(), value -> collect(value, refs));
        if (refs.isEmpty()) {
            return CompletableFuture.completedFuture(command);
        }
        return fetch(command.workflowId(), refs, new HashMap<>(), 0).thenApply(contents -> {
            WorkflowCommand resolved = PayloadSlots.map(command.payload(),
                    new Resolution(contents)::apply);
            return withPayload(command, resolved);
        });
    }

    private static JsonNode collect(JsonNode node, Set<BlobRef> refs) {
        if (node.isContainerNode()) {
            BlobRef.from(node).ifPresentOrElse(refs::add, () -> node.forEach(child -> collect(child, refs)));
        }
        return node;
    }

    /** The values of {@code refs} and of the references inside them, by SHA-256; missing blobs are absent. */
    private CompletionStage<Map<String, JsonNode>> fetch(String workflowId, Set<BlobRef> refs,
                                                        Map<String, JsonNode> values, int depth) {
        return store.get(workflowId, refs).thenCompose(contents -> {
            Set<BlobRef> inner = new LinkedHashSet<>();
            for (BlobRef ref : refs) {
                String content = contents.get(ref.sha256());
                if (content == null) {
                    LOG.warn("workflow {}: blob {} is missing; the reference stays in place of its value",
                            workflowId, ref.uri());
                    continue;
                }
                JsonNode value = new Blob(ref, content).value(mapper);
                values.put(ref.sha256(), value);
                collect(value, inner);
            }
            inner.removeIf(ref -> values.containsKey(ref.sha256()));
            if (inner.isEmpty() || depth >= MAX_NESTING) {
                return CompletableFuture.completedFuture(values);
            }
            return fetch(workflowId, inner, values, depth + 1);
        });
    }

    /** Replaces references by their values (which may hold references themselves), copying only what changes. */
    private static final class Resolution {
        private final Map<String, JsonNode> values;
        private final Map<String, JsonNode> resolved = new HashMap<>();

        Resolution(Map<String, JsonNode> values) {
            this.values = values;
        }

        JsonNode apply(JsonNode node) {
            return apply(node, 0);
        }

        private JsonNode apply(JsonNode node, int depth) {
            if (!node.isContainerNode()) {
                return node;
            }
            var ref = BlobRef.from(node);
            if (ref.isPresent()) {
                String sha = ref.get().sha256();
                JsonNode done = resolved.get(sha);
                if (done != null) {
                    return done;
                }
                JsonNode value = values.get(sha);
                if (value == null || depth >= MAX_NESTING) {
                    return node;
                }
                JsonNode result = apply(value, depth + 1);
                resolved.put(sha, result);
                return result;
            }
            if (node.isObject()) {
                ObjectNode copy = null;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonNode child = apply(field.getValue(), depth);
                    if (child != field.getValue()) {
                        if (copy == null) {
                            copy = JsonNodeFactory.instance.objectNode();
                            copy.setAll((ObjectNode) node);
                        }
                        copy.set(field.getKey(), child);
                    }
                }
                return copy == null ? node : copy;
            }
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode child = apply(node.get(i), depth);
                if (child != node.get(i)) {
                    if (copy == null) {
                        copy = JsonNodeFactory.instance.arrayNode(node.size());
                        copy.addAll((ArrayNode) node);
                    }
                    copy.set(i, child);
                }
            }
            return copy == null ? node : copy;
        }
    }

    private static <E extends Event> EventEnvelope<E> withPayload(EventEnvelope<E> e, E payload) {
        return new EventEnvelope<>(e.eventId(), e.workflowId(), e.version(), e.occurredAt(), e.causationId(),
                e.correlationId(), e.producer(), payload);
    }

    private static CommandEnvelope withPayload(CommandEnvelope c, WorkflowCommand payload) {
        return new CommandEnvelope(c.commandId(), c.workflowId(), c.issuedAt(), c.issuer(), c.correlationId(),
                payload);
    }
}

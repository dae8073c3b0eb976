package io.gleitzeit.event.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.UnknownEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes events and commands to their stored JSON form and back, upcasting older schema versions on the way in.
 *
 * <p>An event's stored form is an object with {@code event_id, type, schema_version, workflow_id, task_id, attempt,
 * version, occurred_at, causation_id, correlation_id, producer} and the event's own fields under {@code data}
 * ({@code docs/events.md}). An event of an unknown type decodes to {@link UnknownEvent}; a command of an unknown type
 * is an error, since nobody could act on it. Thread-safe.
 */
public final class EventCodec {
    private final ObjectMapper mapper;
    private final TypeRegistry<Event> events;
    private final TypeRegistry<WorkflowCommand> commands;

    public EventCodec(ObjectMapper mapper, TypeRegistry<Event> events, TypeRegistry<WorkflowCommand> commands) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.events = Objects.requireNonNull(events, "events");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** A codec for this version's standard types and the Gleitzeit JSON conventions. */
    public static EventCodec standard() {
        return new EventCodec(GleitzeitJson.newMapper(), StandardTypes.events(), StandardTypes.commands());
    }

    /** The mapper used for payloads. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The event registry. */
    public TypeRegistry<Event> eventTypes() {
        return events;
    }

    // ---- events -------------------------------------------------------------------------------------------------

    /** The stored JSON tree of an event. */
    public ObjectNode toTree(EventEnvelope<?> envelope) {
        Event payload = envelope.payload();
        String type;
        int schemaVersion;
        JsonNode data;
        if (payload instanceof UnknownEvent unknown) {
            type = unknown.type();
            schemaVersion = unknown.schemaVersion();
            data = unknown.data();
        } else {
            WireType wire = events.wireTypeOf(payload.getClass());
            type = wire.name();
            schemaVersion = wire.version();
            data = mapper.valueToTree(payload);
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("event_id", envelope.eventId());
        node.put("type", type);
        node.put("schema_version", schemaVersion);
        node.put("workflow_id", envelope.workflowId());
        node.put("task_id", envelope.taskId());
        node.put("attempt", envelope.attempt());
        node.put("version", envelope.version());
        node.put("occurred_at", envelope.occurredAt().toString());
        node.put("causation_id", envelope.causationId());
        node.put("correlation_id", envelope.correlationId());
        node.put("producer", envelope.producer());
        node.set("data", data);
        return node;
    }

    /** The stored JSON text of an event. */
    public String encode(EventEnvelope<?> envelope) {
        return write(toTree(envelope));
    }

    /** The stored JSON text of several events, as one array (the form of a commit). */
    public String encodeAll(List<? extends EventEnvelope<?>> envelopes) {
        ArrayNode array = mapper.createArrayNode();
        envelopes.forEach(e -> array.add(toTree(e)));
        return write(array);
    }

    /** Reads one stored event. */
    public EventEnvelope<Event> decode(String json) {
        return fromTree(read(json));
    }

    /** Reads a stored array of events (a commit). */
    public List<EventEnvelope<Event>> decodeAll(String json) {
        JsonNode node = read(json);
        if (!node.isArray()) {
            throw new CodecException("expected a JSON array of events");
        }
        List<EventEnvelope<Event>> out = new ArrayList<>(node.size());
        node.forEach(n -> out.add(fromTree(n)));
        return out;
    }

    /** Reads one stored event from its JSON tree, upcasting older schema versions. */
    public EventEnvelope<Event> fromTree(JsonNode node) {
        if (!(node instanceof ObjectNode obj)) {
            throw new CodecException("an event must be a JSON object");
        }
        String type = requiredText(obj, "type");
        int schemaVersion = obj.path("schema_version").asInt(1);
        JsonNode rawData = obj.get("data");
        if (!(rawData instanceof ObjectNode data)) {
            throw new CodecException("event " + type + " has no data object");
        }
        Event payload = events.classOf(type)
                .<Event>map(cls -> bind(type, schemaVersion, data, cls))
                .orElseGet(() -> new UnknownEvent(type, schemaVersion, data));
        return new EventEnvelope<>(
                requiredText(obj, "event_id"),
                textOrNull(obj, "workflow_id"),
                obj.path("version").asLong(0),
                parseInstant(obj, "occurred_at"),
                textOrNull(obj, "causation_id"),
                textOrNull(obj, "correlation_id"),
                obj.path("producer").asText(""),
                payload);
    }

    // ---- commands -----------------------------------------------------------------------------------------------

    /** The stored JSON text of a command. */
    public String encodeCommand(CommandEnvelope envelope) {
        WireType wire = commands.wireTypeOf(envelope.payload().getClass());
        ObjectNode node = mapper.createObjectNode();
        node.put("command_id", envelope.commandId());
        node.put("type", wire.name());
        node.put("schema_version", wire.version());
        node.put("workflow_id", envelope.workflowId());
        node.put("issued_at", envelope.issuedAt().toString());
        node.put("issuer", envelope.issuer());
        node.put("correlation_id", envelope.correlationId());
        node.set("data", mapper.valueToTree(envelope.payload()));
        return write(node);
    }

    /** Reads one stored command. */
    public CommandEnvelope decodeCommand(String json) {
        JsonNode node = read(json);
        if (!(node instanceof ObjectNode obj)) {
            throw new CodecException("a command must be a JSON object");
        }
        String type = requiredText(obj, "type");
        int schemaVersion = obj.path("schema_version").asInt(1);
        if (!(obj.get("data") instanceof ObjectNode data)) {
            throw new CodecException("command " + type + " has no data object");
        }
        Class<? extends WorkflowCommand> cls = commands.classOf(type)
                .orElseThrow(() -> new CodecException("unknown command type " + type));
        WorkflowCommand payload = bind(type, schemaVersion, data, cls, commands);
        return new CommandEnvelope(
                requiredText(obj, "command_id"),
                requiredText(obj, "workflow_id"),
                parseInstant(obj, "issued_at"),
                obj.path("issuer").asText(""),
                textOrNull(obj, "correlation_id"),
                payload);
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    private <E extends Event> E bind(String type, int schemaVersion, ObjectNode data, Class<E> cls) {
        return bind(type, schemaVersion, data, cls, events);
    }

    private <R, C extends R> C bind(String type, int version, ObjectNode data, Class<C> cls, TypeRegistry<R> registry) {
        int current = registry.wireTypeOf(cls).version();
        if (version > current) {
            throw new CodecException(type + " v" + version + " is newer than this reader's v" + current);
        }
        ObjectNode upcast = data;
        for (int v = version; v < current; v++) {
            final int from = v;
            Upcaster upcaster = registry.upcaster(type, from)
                    .orElseThrow(() -> new CodecException("no upcaster for " + type + " v" + from));
            upcast = Objects.requireNonNull(upcaster.upcast(upcast.deepCopy()), "upcaster returned null");
        }
        try {
            return mapper.treeToValue(upcast, cls);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CodecException("cannot read " + type + " v" + version + ": " + messageOf(e), e);
        }
    }

    private static String messageOf(Exception e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new CodecException("cannot write JSON", e);
        }
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CodecException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String requiredText(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw new CodecException("missing " + field);
        }
        return n.asText();
    }

    private static String textOrNull(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Instant parseInstant(ObjectNode obj, String field) {
        try {
            return Instant.parse(requiredText(obj, field));
        } catch (java.time.format.DateTimeParseException e) {
            throw new CodecException("bad " + field + ": " + e.getMessage(), e);
        }
    }
}

package io.gleitzeit.orchestrator.hub.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;

/** Turns an event's JSON argument into the handler's payload type, or into the problems that prevent it. */
final class PayloadBinder {
    private final ObjectMapper mapper;

    PayloadBinder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A missing or null argument binds as an empty object, so that optional fields take their defaults. */
    <T> T bind(JsonNode argument, Class<T> type) throws InvalidPayloadException {
        JsonNode json = argument == null || argument.isNull() || argument.isMissingNode()
                ? mapper.createObjectNode() : argument;
        if (type.isInstance(json)) {
            return type.cast(json);
        }
        try {
            T payload = mapper.treeToValue(json, type);
            if (payload == null) {
                throw new InvalidPayloadException(List.of(new Problem("$", "must not be null")));
            }
            return payload;
        } catch (ValueInstantiationException e) {
            // A compact constructor refused the values; its message names the field.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = String.valueOf(cause.getMessage());
            throw new InvalidPayloadException(List.of(new Problem(path(e) + fieldNamed(message), message)));
        } catch (JsonMappingException e) {
            throw new InvalidPayloadException(List.of(new Problem(path(e), firstLine(e.getOriginalMessage()))));
        } catch (JsonProcessingException e) {
            throw new InvalidPayloadException(List.of(new Problem("$", firstLine(e.getOriginalMessage()))));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * The payload records' checks start their messages with the wire name of the field they refuse
     * ({@code "node_id is required and must not be blank"}): that field completes the path.
     */
    private static String fieldNamed(String message) {
        int space = message.indexOf(' ');
        String first = space < 0 ? "" : message.substring(0, space);
        return first.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*") && (first.contains("_") || message.startsWith(first
                + " is required") || message.startsWith(first + " must")) ? "." + first : "";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "is malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The payload could not be bound; {@link #problems()} says why. */
    static final class InvalidPayloadException extends Exception {
        private final transient List<Problem> problems;

        InvalidPayloadException(List<Problem> problems) {
            super(problems.toString(), null, false, false);
            this.problems = List.copyOf(problems);
        }

        List<Problem> problems() {
            return problems;
        }
    }
}

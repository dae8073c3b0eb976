package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.sdk.TaskFailedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;

/** The built-in catalogue as callers reach it: by name, with JSON arguments. Time and randomness are fixed. */
final class Builtins {
    static final Instant NOW = Instant.parse("2025-01-31T12:34:56.789Z");
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private final ObjectMapper json = new ObjectMapper();
    private final FunctionRegistry registry;

    Builtins() {
        this(new Random(42));
    }

    Builtins(Random random) {
        registry = FunctionRegistry.newBuilder().add(BuiltinFunctions.all(Clock.fixed(NOW, ZONE), random)).build();
    }

    FunctionRegistry registry() {
        return registry;
    }

    JsonNode json(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Calls with keyword arguments given as JSON object text. */
    JsonNode call(String function, String kwargs) {
        try {
            return wire(registry.invoke(function, null, json(kwargs), null));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls with positional arguments given as JSON array text. */
    JsonNode callPositional(String function, String args) {
        try {
            return wire(registry.invoke(function, json(args), null, null));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result as the hub reads it: written to JSON text and parsed again. */
    private JsonNode wire(JsonNode result) {
        return json(result.toString());
    }

    /** The failure a call ends in. */
    TaskFailedException failure(String function, String kwargs) {
        TaskFailedException failure = catchThrowableOfType(TaskFailedException.class, () -> call(function, kwargs));
        if (failure == null) {
            throw new AssertionError(function + " " + kwargs + " did not fail");
        }
        return failure;
    }
}

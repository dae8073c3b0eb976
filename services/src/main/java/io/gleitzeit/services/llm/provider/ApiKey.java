package io.gleitzeit.services.llm.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A provider's API key. It prints as {@code ApiKey[redacted]}, and {@link #redact(String)} removes it from any text
 * a provider sends back (some echo part of a wrong key in their 401 message), so it reaches no event, log or error.
 * Only the request headers see the value.
 */
public final class ApiKey {
    private static final String REDACTED = "[redacted]";

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** A key given directly (tests, embedding); blank is refused. */
    public static ApiKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("api key must not be blank");
        }
        return new ApiKey(value.trim());
    }

    /** The key in an environment variable. */
    public static ApiKey fromEnvironment(String variable) {
        Objects.requireNonNull(variable, "variable");
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " holds no API key");
        }
        return new ApiKey(value.trim());
    }

    /** The key in a file (its first line, trimmed), such as a mounted secret. */
    public static ApiKey fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("api key file " + file + " is empty");
            }
            return new ApiKey(text);
        } catch (IOException e) {
            // the exception names the file, never its content
            throw new IllegalArgumentException("cannot read api key file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** For request headers only. */
    String value() {
        return value;
    }

    /** The text with every occurrence of the key, and of its first and last parts, replaced. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text.replace(value, REDACTED);
        // providers echo keys partially ("sk-abc1*****wxyz"): hide long fragments of it too
        if (value.length() >= 12) {
            result = result.replace(value.substring(0, value.length() - 4), REDACTED)
                    .replace(value.substring(4), REDACTED);
        }
        return result;
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}

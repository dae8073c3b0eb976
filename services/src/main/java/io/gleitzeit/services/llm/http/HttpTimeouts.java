package io.gleitzeit.services.llm.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The three waits of a call to a model server, kept apart because they differ by orders of magnitude: opening the
 * connection takes milliseconds, the first byte may wait minutes while a cold model loads into GPU memory, and once
 * tokens flow a long pause means the server is stuck.
 *
 * @param connect   how long opening a connection may take
 * @param firstByte how long until the response starts (status, headers and the first line)
 * @param idle      how long between two lines of a streamed response
 */
public record HttpTimeouts(Duration connect, Duration firstByte, Duration idle) {
    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FIRST_BYTE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    public static final HttpTimeouts DEFAULTS = new HttpTimeouts(DEFAULT_CONNECT, DEFAULT_FIRST_BYTE, DEFAULT_IDLE);

    public HttpTimeouts {
        positive(connect, "connect");
        positive(firstByte, "first_byte");
        positive(idle, "idle");
    }

    private static void positive(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("timeouts." + field + " must be positive, was " + value);
        }
    }
}

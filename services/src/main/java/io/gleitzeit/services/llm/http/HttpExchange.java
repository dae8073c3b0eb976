package io.gleitzeit.services.llm.http;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A response whose status and headers have arrived and whose body is read line by line: the first line may take
 * what is left of the first-byte timeout (a cold model loads before it answers), every later one the idle timeout.
 */
public final class HttpExchange implements AutoCloseable {
    private final int status;
    private final HttpHeaders headers;
    private final LineStream body;
    private final Instant firstByteBy;
    private final HttpTimeouts timeouts;
    private boolean firstLineRead;

    HttpExchange(int status, HttpHeaders headers, LineStream body, Instant firstByteBy, HttpTimeouts timeouts) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.firstByteBy = firstByteBy;
        this.timeouts = timeouts;
    }

    public int status() {
        return status;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The next line of the body, or {@code null} at its end. */
    public String nextLine() throws IOException, InterruptedException {
        Duration wait;
        if (firstLineRead) {
            wait = timeouts.idle();
        } else {
            firstLineRead = true;
            Duration left = Duration.between(Instant.now(), firstByteBy);
            wait = left.isNegative() ? Duration.ZERO : left;
        }
        return body.next(wait);
    }

    /** The whole remaining body as text. */
    public String text() throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        String line;
        while ((line = nextLine()) != null) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(line);
        }
        return text.toString();
    }

    @Override
    public void close() {
        body.close();
    }
}

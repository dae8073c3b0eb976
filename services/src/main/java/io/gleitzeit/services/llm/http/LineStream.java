package io.gleitzeit.services.llm.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read line by line, with a limit on how long the next line may take. It subscribes to the body's
 * buffers ({@link java.net.http.HttpResponse.BodyHandlers#ofPublisher()}) and queues whole lines, so a reader can
 * wait with a timeout and be interrupted, which a blocking {@code InputStream} of the JDK client does not allow.
 *
 * <p>Lines are split on {@code \n} as bytes first and decoded as UTF-8 after, so a character split across two network
 * buffers is decoded whole; a trailing {@code \r} is dropped.
 */
public final class LineStream implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {
    /** What the subscriber queues: a line, the end, or a failure. */
    private sealed interface Item permits Line, End, Failure {
    }

    private record Line(String text) implements Item {
    }

    private record End() implements Item {
    }

    private record Failure(Throwable cause) implements Item {
    }

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;
    private boolean ended;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        // LLM answers are small; reading ahead without limit keeps the network side simple.
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    emitPartial();
                } else {
                    partial.write(b);
                }
            }
        }
    }

    @Override
    public void onError(Throwable throwable) {
        items.add(new Failure(throwable));
    }

    @Override
    public void onComplete() {
        if (partial.size() > 0) {
            emitPartial();
        }
        items.add(new End());
    }

    private void emitPartial() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        items.add(new Line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line));
    }

    /**
     * The next line, or {@code null} at the end of the body.
     *
     * @param within how long to wait for it
     * @throws HttpTimeoutException when no line came in time (the body is then abandoned)
     * @throws IOException          when the connection failed
     * @throws InterruptedException when the reading thread was interrupted (task cancelled or timed out)
     */
    public String next(Duration within) throws IOException, InterruptedException {
        if (ended) {
            return null;
        }
        Item item = items.poll(within.toNanos(), TimeUnit.NANOSECONDS);
        if (item == null) {
            close();
            throw new HttpTimeoutException("no data for " + within.toMillis() + " ms");
        }
        if (item instanceof Line line) {
            return line.text();
        }
        ended = true;
        if (item instanceof Failure failure) {
            Throwable cause = failure.cause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
        if (item instanceof End) {
            return null;
        }
        throw new IllegalStateException("unknown item " + item);
    }

    /** Reads what is left as one text, each line waiting at most {@code idle}; for error bodies and small answers. */
    public String rest(Duration idle) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        String line;
        while ((line = next(idle)) != null) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(line);
        }
        return text.toString();
    }

    /** Stops reading; the connection is released. */
    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        ended = true;
    }
}

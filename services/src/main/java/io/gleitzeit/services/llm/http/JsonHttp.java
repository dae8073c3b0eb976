package io.gleitzeit.services.llm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * Sends JSON requests to a model server with {@code java.net.http} and opens the response as lines. The
 * {@link HttpTimeouts} apply: connect on the client, first byte on the request (headers) and on the first line,
 * idle on every later line. An interrupted caller abandons the exchange.
 *
 * <p>Request headers (which carry API keys) are never part of an exception or a log line made here.
 */
public final class JsonHttp {
    private final HttpClient client;
    private final ObjectMapper mapper;
    private final HttpTimeouts timeouts;

    public JsonHttp(ObjectMapper mapper, HttpTimeouts timeouts) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public HttpTimeouts timeouts() {
        return timeouts;
    }

    /** POSTs {@code body} as JSON with the given extra headers. */
    public HttpExchange post(URI uri, Map<String, String> headers, JsonNode body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
        headers.forEach(request::header);
        return open(request);
    }

    /** GETs {@code uri}. */
    public HttpExchange get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        headers.forEach(request::header);
        return open(request);
    }

    /** Parses one line of a JSON response. */
    public JsonNode parse(String line) throws IOException {
        return mapper.readTree(line);
    }

    private HttpExchange open(HttpRequest.Builder request) throws IOException, InterruptedException {
        Instant firstByteBy = Instant.now().plus(timeouts.firstByte());
        request.timeout(timeouts.firstByte());
        // ofPublisher completes with the headers, so a streamed body can be read as it arrives.
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofPublisher());
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = pending.get();
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new IOException("request cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "request failed" : cause.toString(), cause);
        }
        LineStream lines = new LineStream();
        response.body().subscribe(lines);
        return new HttpExchange(response.statusCode(), response.headers(), lines, firstByteBy, timeouts);
    }
}

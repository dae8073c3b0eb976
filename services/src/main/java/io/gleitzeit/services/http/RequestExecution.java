package io.gleitzeit.services.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.services.sdk.Backoff;
import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP task attempt: up to {@link HttpServiceOptions#maxAttempts()} tries, each following redirects by hand.
 *
 * <ul>
 *   <li>Connection errors, request timeouts and the statuses 408, 429 and 5xx are tried again after the server's
 *       {@code Retry-After} or else the backoff; a wait longer than {@link HttpServiceOptions#maxRetryAfter()} or past
 *       the task's deadline ends the tries at once.</li>
 *   <li>Every URL, the first and each redirect target, must be allowed by the allow-list ({@code host_not_allowed},
 *       not retryable). Cross-origin redirects drop {@code Authorization}, {@code Cookie} and
 *       {@code Proxy-Authorization}; 303, and 301/302 after a POST, continue as GET without a body.</li>
 *   <li>With {@code fail_on_status} (the default) a final status of 400 or more fails the task: {@code http_error},
 *       retryable only for 408, 429 and 5xx. Otherwise the response is the result whatever its status.</li>
 * </ul>
 *
 * <p>Messages and logs name URLs without their query, which may carry keys.
 */
final class RequestExecution {
    private static final Logger log = LoggerFactory.getLogger(RequestExecution.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "cookie", "proxy-authorization");
    private static final int SNIPPET = 300;

    private final HttpRequestSpec spec;
    private final HttpServiceOptions options;
    private final HttpClient client;
    private final ObjectMapper mapper;
    private final Instant deadline;
    private final Backoff backoff;

    RequestExecution(HttpRequestSpec spec, HttpServiceOptions options, HttpClient client, ObjectMapper mapper,
            Instant deadline) {
        this.spec = spec;
        this.options = options;
        this.client = client;
        this.mapper = mapper;
        this.deadline = deadline;
        this.backoff = new Backoff(options.backoffMin(), options.backoffMax());
    }

    /** The result object {@code {status, headers, body, url}}, or a {@link TaskFailedException}. */
    ObjectNode run() throws InterruptedException {
        for (int tries = 1; ; tries++) {
            Response response;
            try {
                response = exchange();
            } catch (IOException e) {
                boolean timedOut = e instanceof HttpTimeoutException;
                String problem = (timedOut ? "timed out" : "failed: " + describe(e)) + " (try " + tries + " of "
                        + options.maxAttempts() + ")";
                Duration wait = backoff.delayAfter(tries);
                if (tries < options.maxAttempts() && fitsBeforeDeadline(wait)) {
                    log.info("{} {} {}; trying again in {} ms", spec.method(), redact(spec.uri()), problem,
                            wait.toMillis());
                    options.sleeper().sleep(wait);
                    continue;
                }
                throw TaskFailedException.of(new TaskFault(spec.method() + " " + redact(spec.uri()) + " " + problem,
                        timedOut ? TaskFault.TIMEOUT : "connection_error", TaskFault.Retry.ALLOWED), e);
            }
            int status = response.http().statusCode();
            if (isRetryable(status) && tries < options.maxAttempts()) {
                Optional<Duration> wait = nextWait(response.http(), tries);
                if (wait.isPresent()) {
                    response.discard();
                    log.info("{} {} answered {}; trying again in {} ms", spec.method(), redact(response.uri()),
                            status, wait.get().toMillis());
                    options.sleeper().sleep(wait.get());
                    continue;
                }
            }
            return finish(response, tries);
        }
    }

    /** The wait before another try, or empty when the server asks for longer than allowed or the deadline is near. */
    private Optional<Duration> nextWait(HttpResponse<InputStream> response, int tries) {
        Optional<Duration> asked = RetryAfter.parse(response.headers().firstValue("retry-after"),
                options.clock().instant());
        if (asked.isPresent() && asked.get().compareTo(options.maxRetryAfter()) > 0) {
            return Optional.empty();
        }
        Duration wait = asked.orElseGet(() -> backoff.delayAfter(tries));
        return fitsBeforeDeadline(wait) ? Optional.of(wait) : Optional.empty();
    }

    private boolean fitsBeforeDeadline(Duration wait) {
        return deadline == null || options.clock().instant().plus(wait).isBefore(deadline);
    }

    private ObjectNode finish(Response response, int tries) {
        HttpResponse<InputStream> http = response.http();
        String what = spec.method() + " " + redact(response.uri());
        byte[] bytes;
        try {
            bytes = ResponseBody.read(http.body(), options.maxResponseBytes(), what);
        } catch (IOException e) {
            throw TaskFailedException.of(new TaskFault("reading the response of " + what + " failed: " + describe(e),
                    "connection_error", TaskFault.Retry.ALLOWED), e);
        }
        int status = http.statusCode();
        if (spec.failOnStatus() && status >= 400) {
            String retryAfter = http.headers().firstValue("retry-after").map(v -> "; Retry-After: " + v).orElse("");
            throw TaskFailedException.of(new TaskFault("HTTP " + status + " from " + what + " after " + tries
                    + (tries == 1 ? " try" : " tries") + retryAfter + snippet(bytes), "http_error",
                    isRetryable(status) ? TaskFault.Retry.ALLOWED : TaskFault.Retry.NOT_ALLOWED), null);
        }
        ResponseBody body = "HEAD".equals(spec.method()) ? ResponseBody.decode(new byte[0], Optional.empty(), mapper,
                what) : ResponseBody.decode(bytes, http.headers().firstValue("content-type"), mapper, what);
        ObjectNode result = mapper.createObjectNode();
        result.put("status", status);
        ObjectNode headers = result.putObject("headers");
        for (Map.Entry<String, List<String>> header : new TreeMap<>(http.headers().map()).entrySet()) {
            if (!header.getKey().startsWith(":")) {
                headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()));
            }
        }
        result.set("body", body.value());
        if (ResponseBody.BASE64.equals(body.encoding())) {
            result.put("body_encoding", ResponseBody.BASE64);
        }
        result.put("url", response.uri().toString());
        return result;
    }

    /** Sends the request and follows redirects, checking each target against the allow-list. */
    private Response exchange() throws IOException, InterruptedException {
        URI uri = spec.uri();
        String method = spec.method();
        JsonNode body = spec.body();
        Map<String, String> headers = new LinkedHashMap<>(spec.headers());
        for (int redirects = 0; ; redirects++) {
            requireAllowed(uri, redirects);
            HttpResponse<InputStream> response = client.send(request(uri, method, headers, body),
                    HttpResponse.BodyHandlers.ofInputStream());
            Optional<String> location = response.headers().firstValue("location");
            if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
                return new Response(response, uri);
            }
            new Response(response, uri).discard();
            if (redirects == options.maxRedirects()) {
                throw TaskFailedException.nonRetryable("too_many_redirects", spec.method() + " " + redact(spec.uri())
                        + " was redirected more than " + options.maxRedirects() + " times");
            }
            URI next = resolve(uri, location.get());
            int status = response.statusCode();
            if ((status == 303 && !"HEAD".equals(method)) || ((status == 301 || status == 302)
                    && "POST".equals(method))) {
                method = "GET";
                body = null;
                headers.keySet().removeIf(name -> name.equalsIgnoreCase("content-type"));
            }
            if (!sameOrigin(uri, next)) {
                headers.keySet().removeIf(name -> CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
            }
            uri = next;
        }
    }

    private void requireAllowed(URI uri, int redirects) {
        if (!options.allowedHosts().permits(uri)) {
            String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
            throw TaskFailedException.nonRetryable("host_not_allowed", (redirects == 0 ? "" : "a redirect leads to ")
                    + "host " + uri.getHost() + port + ", which this service is not allowed to call (allowed: "
                    + options.allowedHosts() + ")");
        }
    }

    private URI resolve(URI from, String location) {
        URI next;
        try {
            next = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw TaskFailedException.nonRetryable("invalid_redirect",
                    redact(from) + " redirects to a malformed location: " + location);
        }
        String scheme = next.getScheme();
        if (next.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw TaskFailedException.nonRetryable("invalid_redirect",
                    redact(from) + " redirects to a location that is not an http(s) URL: " + location);
        }
        return next;
    }

    private HttpRequest request(URI uri, String method, Map<String, String> headers, JsonNode body)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout())
                .header("User-Agent", options.userAgent());
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // No cleartext HTTP/2 upgrade (h2c): servers that mishandle it are common; https negotiates by ALPN.
            request.version(HttpClient.Version.HTTP_1_1);
        }
        boolean hasContentType = false;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request.setHeader(header.getKey(), header.getValue());
            hasContentType |= header.getKey().equalsIgnoreCase("content-type");
        }
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        String text;
        if (body.isTextual()) {
            text = body.textValue();
            if (!hasContentType) {
                request.header("Content-Type", "text/plain; charset=utf-8");
            }
        } else {
            text = body.toString();
            if (!hasContentType) {
                request.header("Content-Type", "application/json");
            }
        }
        return request.method(method, HttpRequest.BodyPublishers.ofString(text)).build();
    }

    /** The service's request timeout, shortened to what is left before the task's deadline. */
    private Duration requestTimeout() {
        if (deadline == null) {
            return options.requestTimeout();
        }
        Duration left = Duration.between(options.clock().instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw TaskFailedException.of(TaskFault.timeout("the task's deadline passed before " + spec.method() + " "
                    + redact(spec.uri()) + " could be sent"), null);
        }
        return left.compareTo(options.requestTimeout()) < 0 ? left : options.requestTimeout();
    }

    private static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && HostAllowList.effectivePort(a) == HostAllowList.effectivePort(b);
    }

    /** The URL without user info, query and fragment. */
    static String redact(URI uri) {
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    private static String snippet(byte[] bytes) {
        if (bytes.length == 0) {
            return "";
        }
        String text = new String(bytes, 0, Math.min(bytes.length, SNIPPET * 4), StandardCharsets.UTF_8)
                .strip();
        return ": " + (text.length() > SNIPPET ? text.substring(0, SNIPPET) + "…" : text);
    }

    /** A response and the URL that produced it. */
    private record Response(HttpResponse<InputStream> http, URI uri) {
        /** Closes the body unread: the connection may be reused or is closed. */
        void discard() {
            try {
                http.body().close();
            } catch (IOException ignored) {
                // nothing to keep of a discarded body
            }
        }
    }
}

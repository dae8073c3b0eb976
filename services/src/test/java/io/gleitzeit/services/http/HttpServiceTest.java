package io.gleitzeit.services.http;

import static io.gleitzeit.services.http.LocalHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.services.ServiceHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP service end to end: a real hub assigns {@code api_integration} tasks over a real socket, and the service
 * calls a real local HTTP server. Waits between tries are recorded instead of spent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpServiceTest {
    private static final long MAX_BYTES = 4096;

    private final LocalHttpServer server = new LocalHttpServer();
    /** A server the service is not allowed to call. */
    private final LocalHttpServer forbidden = new LocalHttpServer();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private ServiceHarness harness;

    @BeforeAll
    void start() {
        AtomicInteger flaky = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        server.route("/json", ex -> send(ex, 200, "application/json; charset=utf-8",
                        "{\"items\": [1, 2], \"name\": \"Grüße\"}"))
                .route("/echo", ex -> {
                    LocalHttpServer.Request r = server.requests("/echo").get(server.requests("/echo").size() - 1);
                    send(ex, 201, "text/plain", r.method() + " " + r.header("Content-Type") + " " + r.body());
                })
                .route("/binary", ex -> {
                    ex.getResponseHeaders().set("Content-Type", "image/png");
                    ex.sendResponseHeaders(200, 4);
                    ex.getResponseBody().write(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
                })
                .route("/flaky", ex -> send(ex, flaky.incrementAndGet() <= 2 ? 503 : 200, "text/plain", "ok"))
                .route("/limited", ex -> {
                    if (limited.incrementAndGet() == 1) {
                        ex.getResponseHeaders().set("Retry-After", "2");
                        send(ex, 429, "text/plain", "slow down");
                    } else {
                        send(ex, 200, "text/plain", "welcome");
                    }
                })
                .route("/maintenance", ex -> {
                    ex.getResponseHeaders().set("Retry-After", "3600");
                    send(ex, 503, "text/plain", "back in an hour");
                })
                .route("/broken", ex -> send(ex, 500, "text/plain", "database on fire"))
                .route("/missing", ex -> send(ex, 404, "application/json", "{\"error\": \"no such order\"}"))
                .route("/huge", ex -> send(ex, 200, "text/plain", "x".repeat((int) MAX_BYTES + 1)))
                .route("/slow", ex -> {
                    Thread.sleep(10_000);
                    send(ex, 200, "text/plain", "too late");
                })
                .route("/redirect-out", ex -> {
                    ex.getResponseHeaders().set("Location", forbidden.url("/secret"));
                    send(ex, 302, null, "");
                })
                .route("/redirect-local", ex -> {
                    ex.getResponseHeaders().set("Location", "http://localhost:" + server.port() + "/echo");
                    send(ex, 303, null, "");
                })
                .route("/loop", ex -> {
                    ex.getResponseHeaders().set("Location", "/loop");
                    send(ex, 307, null, "");
                });
        forbidden.route("/secret", ex -> send(ex, 200, "text/plain", "internal data"));
        HttpService service = HttpService.of(HttpServiceOptions.newBuilder()
                .allowedHosts(List.of(server.hostAndPort(), "localhost:" + server.port()))
                .requestTimeout(Duration.ofSeconds(1)).maxResponseBytes(MAX_BYTES)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).sleeper(waits::add).build());
        harness = ServiceHarness.start("http", service::newClient);
    }

    @AfterAll
    void stop() {
        harness.close();
        server.close();
        forbidden.close();
    }

    @BeforeEach
    void forgetWaits() {
        waits.clear();
    }

    private String task(String parameters) {
        return harness.assign(HttpService.API_INTEGRATION, parameters);
    }

    @Test
    void registersAsAnHttpServiceForApiIntegrationTasks() {
        JsonNode registration = harness.registration();

        assertThat(registration.get("service_type").asText()).isEqualTo("http");
        assertThat(registration.get("capabilities").get("task_types")).extracting(JsonNode::asText)
                .containsExactly("api_integration", "http");
    }

    @Nested
    class Requests {
        @Test
        void aJsonResponseIsParsedAndComesWithStatusHeadersAndUrl() {
            String id = task("{\"url\": \"" + server.url("/json") + "\", \"query\": {\"q\": \"a b\", \"tag\": [\"x\","
                    + " \"y\"]}, \"headers\": {\"X-Trace\": \"abc\"}}");

            JsonNode result = harness.result(id);

            assertThat(result.get("status").asInt()).isEqualTo(200);
            assertThat(result.get("body").get("items")).extracting(JsonNode::asInt).containsExactly(1, 2);
            assertThat(result.get("body").get("name").asText()).isEqualTo("Grüße");
            assertThat(result.get("headers").get("content-type").asText()).isEqualTo("application/json; charset=utf-8");
            assertThat(result.get("url").asText()).isEqualTo(server.url("/json") + "?q=a%20b&tag=x&tag=y");
            LocalHttpServer.Request received = server.requests("/json").get(0);
            assertThat(received.query()).isEqualTo("q=a%20b&tag=x&tag=y");
            assertThat(received.header("X-Trace")).isEqualTo("abc");
            assertThat(received.header("User-Agent")).isEqualTo(HttpServiceOptions.DEFAULT_USER_AGENT);
        }

        @Test
        void aJsonBodyIsSentAsJsonAndATextResponseStaysText() {
            String id = task("{\"url\": \"" + server.url("/echo") + "\", \"method\": \"post\","
                    + " \"body\": {\"order\": 7}}");

            JsonNode result = harness.result(id);

            assertThat(result.get("status").asInt()).isEqualTo(201);
            assertThat(result.get("body").asText()).isEqualTo("POST application/json {\"order\":7}");
        }

        @Test
        void aTextBodyIsSentAsGivenWithItsOwnContentType() {
            String id = task("{\"url\": \"" + server.url("/echo") + "\", \"method\": \"PUT\","
                    + " \"headers\": {\"content-type\": \"text/csv\"}, \"body\": \"a,b\\n1,2\"}");

            assertThat(harness.result(id).get("body").asText()).isEqualTo("PUT text/csv a,b\n1,2");
        }

        @Test
        void aBinaryResponseIsBase64() {
            JsonNode result = harness.result(task("{\"url\": \"" + server.url("/binary") + "\"}"));

            assertThat(result.get("body").asText()).isEqualTo("iVBORw==");
            assertThat(result.get("body_encoding").asText()).isEqualTo("base64");
        }

        @Test
        void invalidParametersFailWithoutRetryNamingEveryField() {
            JsonNode failure = harness.failure(task("{\"method\": \"FETCH\", \"headers\": {\"Host\": \"evil\","
                    + " \"X-N\": 5}, \"query\": {\"deep\": {\"a\": 1}}, \"fail_on_status\": \"no\"}"));

            assertThat(failure.get("error_type").asText()).isEqualTo("invalid_argument");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
            assertThat(failure.get("error").asText()).contains("method: must be one of GET", "headers.Host: is set by"
                    + " the service", "headers.X-N: must be a string", "query.deep: must be a string", "url: is required",
                    "fail_on_status: must be true or false");
        }
    }

    @Nested
    class Statuses {
        @Test
        void a5xxIsTriedAgainWithBackoffUntilItSucceeds() {
            JsonNode result = harness.result(task("{\"url\": \"" + server.url("/flaky") + "\"}"));

            assertThat(result.get("status").asInt()).isEqualTo(200);
            assertThat(server.requests("/flaky")).hasSize(3);
            assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        }

        @Test
        void retryAfterSecondsAreHonoured() {
            JsonNode result = harness.result(task("{\"url\": \"" + server.url("/limited") + "\"}"));

            assertThat(result.get("body").asText()).isEqualTo("welcome");
            assertThat(waits).containsExactly(Duration.ofSeconds(2));
        }

        @Test
        void aRetryAfterLongerThanAllowedEndsTheTriesAtOnceAsARetryableFailure() {
            JsonNode failure = harness.failure(task("{\"url\": \"" + server.url("/maintenance") + "\"}"));

            assertThat(failure.get("retryable").asBoolean()).isTrue();
            assertThat(failure.get("error").asText()).startsWith("HTTP 503 from GET " + server.url("/maintenance"))
                    .contains("Retry-After: 3600", "back in an hour");
            assertThat(server.requests("/maintenance")).hasSize(1);
            assertThat(waits).isEmpty();
        }

        @Test
        void a5xxThatPersistsFailsRetryableAfterEveryTry() {
            JsonNode failure = harness.failure(task("{\"url\": \"" + server.url("/broken") + "\"}"));

            assertThat(failure.get("error_type").asText()).isEqualTo("http_error");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
            assertThat(failure.get("error").asText()).contains("HTTP 500", "after 3 tries", "database on fire");
            assertThat(server.requests("/broken")).hasSize(HttpServiceOptions.DEFAULT_MAX_ATTEMPTS);
        }

        @Test
        void a4xxFailsAtOnceWithoutRetry() {
            int before = server.requests("/missing").size();

            JsonNode failure = harness.failure(task("{\"url\": \"" + server.url("/missing") + "?key=s3cret\"}"));

            assertThat(failure.get("retryable").asBoolean()).isFalse();
            assertThat(failure.get("error").asText()).isEqualTo("HTTP 404 from GET " + server.url("/missing")
                    + " after 1 try: {\"error\": \"no such order\"}");
            assertThat(server.requests("/missing")).hasSize(before + 1);
        }

        @Test
        void withoutFailOnStatusAnErrorStatusIsTheResult() {
            JsonNode result = harness.result(task("{\"url\": \"" + server.url("/missing") + "\","
                    + " \"fail_on_status\": false}"));

            assertThat(result.get("status").asInt()).isEqualTo(404);
            assertThat(result.get("body").get("error").asText()).isEqualTo("no such order");
        }

        @Test
        void aRefusedConnectionIsTriedAgainThenFailsRetryable() {
            int closedPort = io.gleitzeit.services.sdk.TestHub.freePort();
            HttpService local = HttpService.of(HttpServiceOptions.newBuilder()
                    .allowedHosts(List.of("127.0.0.1")).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .sleeper(waits::add).build());
            try (ServiceHarness refused = ServiceHarness.start("http-refused", local::newClient)) {
                JsonNode failure = refused.failure(refused.assign(HttpService.API_INTEGRATION,
                        "{\"url\": \"http://127.0.0.1:" + closedPort + "/\"}"));

                assertThat(failure.get("error_type").asText()).isEqualTo("connection_error");
                assertThat(failure.get("retryable").asBoolean()).isTrue();
                assertThat(failure.get("error").asText()).contains("(try 3 of 3)");
                assertThat(waits).hasSize(2);
            }
        }
    }

    @Nested
    class Limits {
        @Test
        void aResponseLargerThanTheLimitFailsWithoutRetry() {
            JsonNode failure = harness.failure(task("{\"url\": \"" + server.url("/huge") + "\"}"));

            assertThat(failure.get("error_type").asText()).isEqualTo("response_too_large");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
            assertThat(failure.get("error").asText()).contains("limit of " + MAX_BYTES + " bytes");
        }

        @Test
        void aRequestThatOutlastsTheServiceTimeoutIsTriedAgainThenFailsAsATimeout() {
            int before = server.requests("/slow").size();

            JsonNode failure = harness.failure(task("{\"url\": \"" + server.url("/slow") + "\"}"));

            assertThat(failure.get("error_type").asText()).isEqualTo("timeout");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
            assertThat(server.requests("/slow")).hasSize(before + HttpServiceOptions.DEFAULT_MAX_ATTEMPTS);
        }

        @Test
        void theTasksOwnTimeoutEndsTheRequest() {
            String id = harness.assign(HttpService.API_INTEGRATION, "{\"url\": \"" + server.url("/slow") + "\"}",
                    Duration.ofMillis(300));

            JsonNode failure = harness.failure(id);

            assertThat(failure.get("error_type").asText()).isEqualTo("timeout");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
        }
    }

    @Nested
    class AllowList {
        @Test
        void aHostNotOnTheListIsNeverCalled() {
            JsonNode failure = harness.failure(task("{\"url\": \"" + forbidden.url("/secret") + "\"}"));

            assertThat(failure.get("error_type").asText()).isEqualTo("host_not_allowed");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
            assertThat(failure.get("error").asText()).contains("host 127.0.0.1:" + forbidden.port());
            assertThat(forbidden.requests("/secret")).isEmpty();
        }

        @Test
        void aRedirectToAHostNotOnTheListIsNotFollowed() {
            JsonNode failure = harness.failure(task("{\"url\": \"" + server.url("/redirect-out") + "\"}"));

            assertThat(failure.get("error_type").asText()).isEqualTo("host_not_allowed");
            assertThat(failure.get("error").asText()).startsWith("a redirect leads to host 127.0.0.1:"
                    + forbidden.port());
            assertThat(forbidden.requests("/secret")).isEmpty();
        }

        @Test
        void anAllowedRedirectIsFollowedAsGetAfter303WithoutCrossOriginCredentials() {
            int before = server.requests("/echo").size();
            JsonNode result = harness.result(task("{\"url\": \"" + server.url("/redirect-local") + "\","
                    + " \"method\": \"POST\", \"body\": \"x\", \"headers\": {\"Authorization\": \"Bearer t\"}}"));

            assertThat(result.get("url").asText()).isEqualTo("http://localhost:" + server.port() + "/echo");
            assertThat(result.get("body").asText()).isEqualTo("GET null ");
            LocalHttpServer.Request followed = server.requests("/echo").get(before);
            assertThat(followed.header("Authorization")).isNull();
            assertThat(server.requests("/redirect-local").get(0).header("Authorization")).isEqualTo("Bearer t");
        }

        @Test
        void aRedirectLoopEndsAfterTheLimit() {
            JsonNode failure = harness.failure(task("{\"url\": \"" + server.url("/loop") + "\"}"));

            assertThat(failure.get("error_type").asText()).isEqualTo("too_many_redirects");
            assertThat(server.requests("/loop")).hasSize(HttpServiceOptions.DEFAULT_MAX_REDIRECTS + 1);
        }
    }
}

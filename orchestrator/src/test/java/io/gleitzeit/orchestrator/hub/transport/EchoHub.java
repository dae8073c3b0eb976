package io.gleitzeit.orchestrator.hub.transport;

import io.gleitzeit.orchestrator.hub.transport.internal.TransportCorrection;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real hub transport on a free port that echoes requests and, when asked, emits acked requests back: what the
 * client harnesses (JS, Python, Java) run against. Counts what it sees per run (runs are told apart by their text).
 */
final class EchoHub implements AutoCloseable {
    static final String TOKEN = "harness-token";
    /** Non-ASCII in every UTF-8 length (2, 3, 4 bytes), plus what URL-decoding would mangle. */
    static final String TEXT = "Grüße 🚀 日本語 +%41 \"q\" \\ ";

    record EchoRequest(long seq, String text) {
    }

    record EmitRequest(int count, String text) {
    }

    /** What the hub saw of one run. */
    static final class RunStats {
        final AtomicInteger echoes = new AtomicInteger();
        final AtomicInteger echoesOverPolling = new AtomicInteger();
        final AtomicInteger serverAcksIntact = new AtomicInteger();
        final AtomicInteger serverAcksWrong = new AtomicInteger();
        final AtomicInteger serverAcksMissing = new AtomicInteger();
    }

    private final HubTransport hub;
    private final Map<String, RunStats> runs = new ConcurrentHashMap<>();

    EchoHub() {
        this(EnumSet.allOf(TransportCorrection.class));
    }

    EchoHub(Set<TransportCorrection> corrections) {
        HubTransportOptions options = HubTransportOptions.newBuilder()
                .host("127.0.0.1")
                .port(0)
                .shutdownTimeout(Duration.ofSeconds(10))
                .build();
        hub = HubTransport.create(options, EchoHub::authenticate, corrections);
        hub.on("echo", EchoRequest.class, (client, request, ack) -> {
            RunStats stats = stats(runOf(request.text()));
            stats.echoes.incrementAndGet();
            if (client.transport() == ClientTransport.POLLING) {
                stats.echoesOverPolling.incrementAndGet();
            }
            ack.ok(Map.of("seq", request.seq(), "text", request.text()));
        });
        hub.on("emit_to_me", EmitRequest.class, (client, request, ack) -> {
            ack.ok();
            RunStats stats = stats(request.text());
            for (int seq = 0; seq < request.count(); seq++) {
                String text = request.text() + " #" + seq;
                client.request("server:echo", Map.of("seq", seq, "text", text), Duration.ofSeconds(60))
                        .whenComplete((answer, failure) -> {
                            if (failure != null) {
                                stats.serverAcksMissing.incrementAndGet();
                            } else if (text.equals(answer.path("text").asText(null))) {
                                stats.serverAcksIntact.incrementAndGet();
                            } else {
                                stats.serverAcksWrong.incrementAndGet();
                            }
                        });
            }
        });
        hub.on("harness:done", Map.class, (client, request, ack) -> ack.ok());
        hub.start();
    }

    private static Authentication authenticate(Credentials credentials) {
        if (credentials.token().isEmpty()) {
            // Engine.IO 3 clients have no handshake auth.
            return Authentication.granted(Principal.of("legacy", Role.CLIENT, Role.SERVICE));
        }
        return credentials.token().get().equals(TOKEN)
                ? Authentication.granted(Principal.of("harness", Role.ADMIN))
                : Authentication.rejected("unknown token");
    }

    /** A text unique to one run, so that runs against a shared hub do not mix their counts. */
    static String runText(String runName) {
        return TEXT + runName;
    }

    private static String runOf(String echoText) {
        int hash = echoText.lastIndexOf(" #");
        return hash < 0 ? echoText : echoText.substring(0, hash);
    }

    RunStats stats(String runText) {
        return runs.computeIfAbsent(runText, k -> new RunStats());
    }

    String url() {
        return "http://127.0.0.1:" + hub.port();
    }

    HubTransport transport() {
        return hub;
    }

    @Override
    public void close() {
        hub.close();
    }
}

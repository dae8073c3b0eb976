package io.gleitzeit.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.log.GleitzeitException;
import io.gleitzeit.orchestrator.metrics.Health;
import io.gleitzeit.orchestrator.metrics.OrchestratorMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's HTTP side, on its own port: {@code GET /metrics} (Prometheus text), {@code GET /health} (200
 * with {@code {"status": "up", ...}}, else 503 with the reasons), {@code GET /dashboard-config.json} (where the hub is)
 * and the web dashboard's static files. Anything else is 404; methods other than GET and HEAD are 405. With
 * {@link OpsHttpOptions#tls()} it serves HTTPS only, from the same PEM files as the hub.
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);

    private final OpsHttpOptions options;
    private final OrchestratorMetrics metrics;
    private final StaticFiles files = new StaticFiles();
    private final ObjectMapper json = GleitzeitJson.newMapper();
    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(OpsHttpOptions options, OrchestratorMetrics metrics) throws IOException {
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (options.tls().isPresent()) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(PemTls.context(options.tls().get())));
            this.server = https;
        } else {
            this.server = HttpServer.create(address, 0);
        }
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "gleitzeit-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving.
     *
     * @throws GleitzeitException when the address cannot be bound
     */
    public static OpsHttpServer start(OpsHttpOptions options, OrchestratorMetrics metrics) {
        OpsHttpServer http;
        try {
            http = new OpsHttpServer(options, metrics);
        } catch (IOException e) {
            throw GleitzeitException.permanentFailure(
                    "cannot listen for HTTP on " + options.host() + ":" + options.port(), e);
        }
        http.server.start();
        LOG.info("{} (metrics, health, dashboard) on {}", options.scheme().toUpperCase(java.util.Locale.ROOT),
                http.server.getAddress());
        return http;
    }

    /** The port listened on; the chosen one when the options said {@code 0}. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/metrics" -> {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    metrics.writePrometheus(body);
                    send(exchange, 200, metrics.prometheusContentType(), body.toByteArray());
                }
                case "/health" -> {
                    Health health = metrics.health();
                    send(exchange, health.healthy() ? 200 : 503, "application/json", json.writeValueAsBytes(health));
                }
                case "/dashboard-config.json" -> send(exchange, 200, "application/json", json.writeValueAsBytes(
                        Map.of("hub_port", options.hubPort(), "hub_path", options.hubPath())));
                default -> {
                    Optional<StaticFiles.File> file = files.find(path);
                    if (file.isPresent()) {
                        send(exchange, 200, file.get().contentType(), file.get().bytes());
                    } else {
                        send(exchange, 404, "text/plain; charset=utf-8", ("not found: " + path + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            throw e;
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving (waits up to a second for exchanges in progress). */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}

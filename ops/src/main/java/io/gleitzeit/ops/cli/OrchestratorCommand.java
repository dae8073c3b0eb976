package io.gleitzeit.ops.cli;

import io.gleitzeit.ops.node.GleitzeitNode;
import io.gleitzeit.orchestrator.hub.auth.AuthMode;
import io.gleitzeit.orchestrator.hub.auth.StoredTokenAuthenticator;
import io.gleitzeit.orchestrator.hub.auth.TokenStore;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.hub.transport.TlsOptions;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.http.OpsHttpOptions;
import io.gleitzeit.orchestrator.hub.monitor.MonitorOptions;
import io.gleitzeit.orchestrator.metrics.MetricsOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.payload.LargePayloads;
import io.gleitzeit.redis.connect.RedisEndpoint;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs one orchestrator node (replica and hub) until interrupted. */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
        header = "Run one orchestrator node (replica and hub).",
        description = {"Run one orchestrator node: a stateless replica that decides on every partition's command",
            "stream, and its hub, where services connect over Socket.IO (namespace /cluster) to register and",
            "receive tasks and clients submit and follow workflows (gleitzeit submit/status/list/cancel).",
            "Start several, on one machine (different --port) or several, for more throughput",
            "or availability; services may connect to any of them. Stop with Ctrl-C (SIGTERM): the hub closes",
            "its connections (services reconnect elsewhere), in-flight commands finish and are acknowledged."})
final class OrchestratorCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Option(names = "--replica-id", paramLabel = "ID", defaultValue = "${env:GLEITZEIT_REPLICA_ID}",
            description = "This node's name, also its hub id (env GLEITZEIT_REPLICA_ID; default: generated).")
    String replicaId;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:GLEITZEIT_PORT:-8000}",
            description = "The hub's port (env GLEITZEIT_PORT; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "${env:GLEITZEIT_HOST:-0.0.0.0}",
            description = "The interface the hub listens on (env GLEITZEIT_HOST; default: ${DEFAULT-VALUE}, every "
                    + "interface).")
    String host;

    @Option(names = "--heartbeat-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "A service silent this long is treated as gone and its tasks run elsewhere "
                    + "(default: ${DEFAULT-VALUE}).")
    long heartbeatTimeoutSeconds;

    @Option(names = "--disconnect-grace", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long a disconnected service may take to register again before its tasks are "
                    + "released (default: ${DEFAULT-VALUE}).")
    long disconnectGraceSeconds;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:GLEITZEIT_HTTP_PORT:-8001}",
            description = "Port of /metrics, /health and the web dashboard, on the hub's interface "
                    + "(env GLEITZEIT_HTTP_PORT; default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--monitor-interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "How often monitors receive monitor:metrics_update (default: ${DEFAULT-VALUE}).")
    double monitorIntervalSeconds;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "${env:GLEITZEIT_AUTH:-auto}",
            description = "auto: require a token as soon as one exists (see `gleitzeit token`); required: always; "
                    + "off: never, every connection may do everything (env GLEITZEIT_AUTH; default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "On SIGTERM the node stops reading new entries, finishes and acknowledges what it holds and "
                    + "closes its sockets; if that takes longer than this, the process exits anyway (status 1) and "
                    + "other replicas claim what is left (default: ${DEFAULT-VALUE}).")
    long shutdownTimeoutSeconds;

    @Option(names = "--inline-limit", paramLabel = "BYTES", defaultValue = "262144",
            description = "Task results (and dispatched parameters, workflow results) larger than this are stored "
                    + "once by reference instead of in the event streams (default: ${DEFAULT-VALUE}, 256 KiB).")
    long inlineLimitBytes;

    @Option(names = "--max-event-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "The largest payload of one inbound Socket.IO event; a larger one is refused "
                    + "(payload_too_large). Workflow documents and task results have their own limits "
                    + "(default: ${DEFAULT-VALUE}, 1 MiB).")
    int maxEventBytes;

    @Option(names = "--max-result-bytes", paramLabel = "BYTES", defaultValue = "4194304",
            description = "The largest task result (or error text) a service may report; a larger one fails its "
                    + "attempt, not retryable. Raises the hub's frame limit to fit (default: ${DEFAULT-VALUE}, 4 MiB).")
    long maxResultBytes;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain: the hub (https/wss) and the dashboard, /metrics and /health "
                    + "(https) then serve TLS only. Needs --tls-key.")
    java.nio.file.Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The PEM (PKCS#8) private key of --tls-cert.")
    java.nio.file.Path tlsKey;

    @Option(names = "--tls-key-password", paramLabel = "PASSWORD",
            description = "The password of an encrypted --tls-key (env GLEITZEIT_ORCHESTRATOR_TLS_KEY_PASSWORD).")
    String tlsKeyPassword;

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AuthMode authMode = authMode();
        NodeOptions options = options();
        MonitorOptions monitorOptions = monitorOptions();
        RedisOptions.RedisHandle handle = redis.open(out);
        RedisConnector client = RedisConnector.open(handle.url());
        RedisLink authConnection;
        try {
            authConnection = client.connect();
        } catch (RuntimeException e) {
            // Nothing started yet: release the client's threads and a local Redis before reporting.
            client.close();
            handle.close();
            throw e;
        }
        StoredTokenAuthenticator authenticator = new StoredTokenAuthenticator(
                new TokenStore(authConnection.sync(), options.keyPrefix(), Clock.systemUTC()), authMode,
                Duration.ofSeconds(StoredTokenAuthenticator.DEFAULT_REFRESH_SECONDS), Clock.systemUTC());
        GleitzeitNode node = GleitzeitNode.create(client, options.toBuilder().authenticator(authenticator).build(),
                new GleitzeitNode.Monitoring(monitorOptions, MetricsOptions.newBuilder().build(),
                        OpsHttpOptions.newBuilder().host(host).port(httpPort)
                                .tls(options.transport().tls().orElse(null)).build()));
        CountDownLatch stopped = new CountDownLatch(1);
        BoundedShutdown.install(Duration.ofSeconds(shutdownTimeoutSeconds), spec.commandLine().getErr(), () -> {
            // The node first (sockets close, services and clients move on; in-flight commands finish and are
            // acknowledged; its monitoring closes with it), then Redis.
            node.close();
            authenticator.close();
            authConnection.close();
            client.close();
            handle.close();
            stopped.countDown();
        });
        node.start();
        out.printf("orchestrator %s running: hub on %s:%d (Socket.IO namespace /cluster), Redis %s (prefix %s, "
                        + "%d partitions); Ctrl-C stops it%n", options.hubId(), options.transport().host(),
                node.port(), RedisEndpoint.redact(handle.url()), options.keyPrefix(), options.partitions());
        out.printf("authentication %s (%s)%n", authMode.wireName(),
                authenticator.required() ? "a token is required" : "open: every connection may do everything");
        String scheme = options.transport().tls().isPresent() ? "https" : "http";
        out.printf("dashboard %s://%s:%d/ , metrics /metrics, health /health%s%n", scheme,
                host.equals("0.0.0.0") ? "localhost" : host, node.httpPort(),
                scheme.equals("https") ? " (TLS, also the hub)" : "");
        out.flush();
        stopped.await();
        return 0;
    }

    /** TLS from --tls-cert and --tls-key, or none; every problem names its option. */
    private TlsOptions tls() {
        if (tlsCert == null && tlsKey == null) {
            if (tlsKeyPassword != null) {
                throw new ParameterException(spec.commandLine(), "--tls-key-password needs --tls-cert and --tls-key");
            }
            return null;
        }
        if (tlsCert == null || tlsKey == null) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together; "
                    + (tlsCert == null ? "--tls-cert" : "--tls-key") + " is missing");
        }
        TlsOptions tls;
        try {
            tls = TlsOptions.pem(tlsCert, tlsKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage()
                    .replace("tls.certificate_chain", "--tls-cert").replace("tls.private_key", "--tls-key"), e);
        }
        return tlsKeyPassword == null ? tls : tls.withKeyPassword(tlsKeyPassword);
    }

    private AuthMode authMode() {
        try {
            return AuthMode.parse(auth);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--auth must be auto, required or off, was " + auth);
        }
    }

    private MonitorOptions monitorOptions() {
        if (!(monitorIntervalSeconds >= 0.1)) {
            throw new ParameterException(spec.commandLine(),
                    "--monitor-interval must be at least 0.1 seconds, was " + monitorIntervalSeconds);
        }
        return MonitorOptions.newBuilder()
                .updateInterval(Duration.ofMillis(Math.round(monitorIntervalSeconds * 1000))).build();
    }

    private NodeOptions options() {
        if (httpPort < 0 || httpPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--http-port must be between 0 and 65535, was "
                    + httpPort);
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, was " + port);
        }
        if (heartbeatTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--heartbeat-timeout must be at least 1 second, was " + heartbeatTimeoutSeconds);
        }
        if (shutdownTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--shutdown-timeout must be at least 1 second, was " + shutdownTimeoutSeconds);
        }
        if (inlineLimitBytes < LargePayloads.MIN_INLINE_LIMIT_BYTES) {
            throw new ParameterException(spec.commandLine(), "--inline-limit must be at least "
                    + LargePayloads.MIN_INLINE_LIMIT_BYTES + " bytes, was " + inlineLimitBytes);
        }
        if (disconnectGraceSeconds < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--disconnect-grace must not be negative, was " + disconnectGraceSeconds);
        }
        if (maxEventBytes < 1024) {
            throw new ParameterException(spec.commandLine(), "--max-event-bytes must be at least 1024, was "
                    + maxEventBytes);
        }
        if (maxResultBytes < inlineLimitBytes || maxResultBytes > 512L * 1024 * 1024) {
            throw new ParameterException(spec.commandLine(), "--max-result-bytes must be at least --inline-limit ("
                    + inlineLimitBytes + ") and at most 536870912 (512 MiB, Redis's largest value), was "
                    + maxResultBytes);
        }
        // A frame must carry the largest result and the largest document with the packet around them.
        int frames = (int) Math.max(HubTransportOptions.DEFAULT_MAX_FRAME_PAYLOAD_BYTES,
                maxResultBytes + HubTransportOptions.PACKET_OVERHEAD_BYTES);
        if (maxEventBytes > frames) {
            throw new ParameterException(spec.commandLine(), "--max-event-bytes must not exceed the frame limit of "
                    + frames + " bytes (raise --max-result-bytes to raise it), was " + maxEventBytes);
        }
        try {
            return NodeOptions.newBuilder()
                    .replica(ReplicaOptions.newBuilder().replicaId(replicaId).keyPrefix(redis.prefix)
                            .partitions(redis.partitions).inlineLimitBytes(inlineLimitBytes).build())
                    .transport(HubTransportOptions.newBuilder().host(host).port(port).maxFramePayloadBytes(frames)
                            .maxHttpContentBytes(frames).maxEventPayloadBytes(maxEventBytes).tls(tls()).build())
                    .maxResultBytes(maxResultBytes)
                    .heartbeatTimeout(Duration.ofSeconds(heartbeatTimeoutSeconds))
                    .disconnectGrace(Duration.ofSeconds(disconnectGraceSeconds))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}

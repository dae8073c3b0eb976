package io.gleitzeit.orchestrator.http;

import io.gleitzeit.orchestrator.hub.transport.TlsOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link OpsHttpServer} listens and what it tells the dashboard. Build with {@link #newBuilder()}; every field
 * has a documented default.
 */
public final class OpsHttpOptions {
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** The orchestrator's HTTP port: {@code /metrics}, {@code /health} and the dashboard. */
    public static final int DEFAULT_PORT = 8001;
    /** The hub's Socket.IO port the dashboard connects to (same host as the page). */
    public static final int DEFAULT_HUB_PORT = 8000;
    public static final String DEFAULT_HUB_PATH = "/socket.io";

    private final String host;
    private final int port;
    private final int hubPort;
    private final String hubPath;
    private final TlsOptions tls;

    private OpsHttpOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.hubPort = b.hubPort;
        this.hubPath = b.hubPath;
        this.tls = b.tls;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).hubPort(hubPort).hubPath(hubPath).tls(tls);
    }

    public String host() {
        return host;
    }

    /** {@code 0} picks a free port (see {@link OpsHttpServer#port()}). */
    public int port() {
        return port;
    }

    public int hubPort() {
        return hubPort;
    }

    public String hubPath() {
        return hubPath;
    }

    /**
     * TLS for {@code /metrics}, {@code /health} and the dashboard (then served over {@code https://} only); empty:
     * plain HTTP. The dashboard reaches the hub with the scheme of its own page, so give the hub TLS as well.
     */
    public Optional<TlsOptions> tls() {
        return Optional.ofNullable(tls);
    }

    /** {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /** Builds {@link OpsHttpOptions}; {@link #build()} validates. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int hubPort = DEFAULT_HUB_PORT;
        private String hubPath = DEFAULT_HUB_PATH;
        private TlsOptions tls;

        private Builder() {
        }

        /** PEM certificate chain and key to serve HTTPS with; {@code null} (the default) serves plain HTTP. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder hubPort(int hubPort) {
            this.hubPort = hubPort;
            return this;
        }

        public Builder hubPath(String hubPath) {
            this.hubPath = Objects.requireNonNull(hubPath, "hubPath");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the first field out of range
         */
        public OpsHttpOptions build() {
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0–65535, was " + port);
            }
            if (hubPort < 1 || hubPort > 65535) {
                throw new IllegalArgumentException("hubPort must be 1–65535, was " + hubPort);
            }
            if (!hubPath.startsWith("/")) {
                throw new IllegalArgumentException("hubPath must start with /, was '" + hubPath + "'");
            }
            return new OpsHttpOptions(this);
        }
    }
}

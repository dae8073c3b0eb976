package io.gleitzeit.orchestrator.node;

import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How one orchestrator node runs: its replica (id, key prefix, partitions, which also name the hub), its hub's
 * Socket.IO transport and authentication, and the timings of the services side. Build with {@link #newBuilder()};
 * every time has a documented {@code DEFAULT_*}; {@link Builder#build()} fails naming the field.
 */
public final class NodeOptions {
    /** A service silent for this long (no heartbeat, no report) is treated as gone. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    /** After a service's socket closes, how long it may take to register again before its tasks are released. */
    public static final Duration DEFAULT_DISCONNECT_GRACE = Duration.ofSeconds(5);
    /** How often a hub renews its own heartbeat key and checks services and other hubs. */
    public static final Duration DEFAULT_LIVENESS_INTERVAL = Duration.ofSeconds(1);
    /** A hub whose heartbeat key is this old is dead; the surviving hubs release its services. */
    public static final Duration DEFAULT_HUB_TIMEOUT = Duration.ofSeconds(10);
    /** How long a service has to acknowledge {@code task:assign} before it is sent again. */
    public static final Duration DEFAULT_ASSIGN_ACK_TIMEOUT = Duration.ofSeconds(5);
    /** How often an unacknowledged {@code task:assign} is sent again before the attempt fails as retryable. */
    public static final int DEFAULT_ASSIGN_RESENDS = 1;
    /** How often routing re-reads the service registry and load projections. */
    public static final Duration DEFAULT_ROUTING_REFRESH = Duration.ofMillis(150);
    /** How often workflows waiting for capacity are woken while some service has a free slot. */
    public static final Duration DEFAULT_WAKE_INTERVAL = Duration.ofMillis(500);
    /**
     * The largest task result (or error text) a service may report: what the default frame carries besides the
     * packet around it (4 MiB, like a workflow document). Results above the inline limit are stored by reference.
     */
    public static final long DEFAULT_MAX_RESULT_BYTES = HubTransportOptions.DEFAULT_MAX_FRAME_PAYLOAD_BYTES
            - HubTransportOptions.PACKET_OVERHEAD_BYTES;

    private final ReplicaOptions replica;
    private final HubTransportOptions transport;
    private final Authenticator authenticator;
    private final Duration heartbeatTimeout;
    private final Duration disconnectGrace;
    private final Duration livenessInterval;
    private final Duration hubTimeout;
    private final Duration assignAckTimeout;
    private final int assignResends;
    private final Duration routingRefresh;
    private final Duration wakeInterval;
    private final long maxResultBytes;

    private NodeOptions(Builder b) {
        this.replica = b.replica;
        this.transport = b.transport;
        this.authenticator = b.authenticator;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.disconnectGrace = b.disconnectGrace;
        this.livenessInterval = b.livenessInterval;
        this.hubTimeout = b.hubTimeout;
        this.assignAckTimeout = b.assignAckTimeout;
        this.assignResends = b.assignResends;
        this.routingRefresh = b.routingRefresh;
        this.wakeInterval = b.wakeInterval;
        this.maxResultBytes = b.maxResultBytes;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Every setting of this, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.replica = replica;
        b.transport = transport;
        b.authenticator = authenticator;
        b.heartbeatTimeout = heartbeatTimeout;
        b.disconnectGrace = disconnectGrace;
        b.livenessInterval = livenessInterval;
        b.hubTimeout = hubTimeout;
        b.assignAckTimeout = assignAckTimeout;
        b.assignResends = assignResends;
        b.routingRefresh = routingRefresh;
        b.maxResultBytes = maxResultBytes;
        b.wakeInterval = wakeInterval;
        return b;
    }

    /** The replica: its id is also the hub's id ({@code hub_id} in registrations and dispatches). */
    public ReplicaOptions replica() {
        return replica;
    }

    /** The hub's id: the replica's id. */
    public String hubId() {
        return replica.replicaId();
    }

    public String keyPrefix() {
        return replica.keyPrefix();
    }

    public int partitions() {
        return replica.partitions();
    }

    public Clock clock() {
        return replica.clock();
    }

    public HubTransportOptions transport() {
        return transport;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    public Duration disconnectGrace() {
        return disconnectGrace;
    }

    public Duration livenessInterval() {
        return livenessInterval;
    }

    public Duration hubTimeout() {
        return hubTimeout;
    }

    public Duration assignAckTimeout() {
        return assignAckTimeout;
    }

    public int assignResends() {
        return assignResends;
    }

    public Duration routingRefresh() {
        return routingRefresh;
    }

    public Duration wakeInterval() {
        return wakeInterval;
    }

    /**
     * The largest task result (or error text) a service may report; a larger one fails its attempt, not retryable,
     * and the service is answered {@code payload_too_large}.
     */
    public long maxResultBytes() {
        return maxResultBytes;
    }

    /** Builds {@link NodeOptions}. */
    public static final class Builder {
        private ReplicaOptions replica;
        private HubTransportOptions transport;
        private Authenticator authenticator = Authenticator.allowAll();
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private Duration disconnectGrace = DEFAULT_DISCONNECT_GRACE;
        private Duration livenessInterval = DEFAULT_LIVENESS_INTERVAL;
        private Duration hubTimeout = DEFAULT_HUB_TIMEOUT;
        private Duration assignAckTimeout = DEFAULT_ASSIGN_ACK_TIMEOUT;
        private int assignResends = DEFAULT_ASSIGN_RESENDS;
        private Duration routingRefresh = DEFAULT_ROUTING_REFRESH;
        private Duration wakeInterval = DEFAULT_WAKE_INTERVAL;
        private long maxResultBytes = DEFAULT_MAX_RESULT_BYTES;

        private Builder() {
        }

        /** The replica's options (default: {@link ReplicaOptions#newBuilder()}'s defaults, with a generated id). */
        public Builder replica(ReplicaOptions value) {
            replica = value;
            return this;
        }

        /** The hub's transport (default: {@link HubTransportOptions#newBuilder()}'s defaults, port 8000). */
        public Builder transport(HubTransportOptions value) {
            transport = value;
            return this;
        }

        /** Who may connect in which role (default: {@link Authenticator#allowAll()}, for local development). */
        public Builder authenticator(Authenticator value) {
            authenticator = value;
            return this;
        }

        public Builder heartbeatTimeout(Duration value) {
            heartbeatTimeout = value;
            return this;
        }

        public Builder disconnectGrace(Duration value) {
            disconnectGrace = value;
            return this;
        }

        public Builder livenessInterval(Duration value) {
            livenessInterval = value;
            return this;
        }

        public Builder hubTimeout(Duration value) {
            hubTimeout = value;
            return this;
        }

        public Builder assignAckTimeout(Duration value) {
            assignAckTimeout = value;
            return this;
        }

        public Builder assignResends(int value) {
            assignResends = value;
            return this;
        }

        public Builder routingRefresh(Duration value) {
            routingRefresh = value;
            return this;
        }

        public Builder wakeInterval(Duration value) {
            wakeInterval = value;
            return this;
        }

        /** See {@link NodeOptions#maxResultBytes()}; the transport's frames must carry it. */
        public Builder maxResultBytes(long value) {
            maxResultBytes = value;
            return this;
        }

        public NodeOptions build() {
            replica = replica == null ? ReplicaOptions.newBuilder().build() : replica;
            transport = transport == null ? HubTransportOptions.newBuilder().build() : transport;
            Objects.requireNonNull(authenticator, "authenticator");
            positive(heartbeatTimeout, "heartbeatTimeout");
            nonNegative(disconnectGrace, "disconnectGrace");
            positive(livenessInterval, "livenessInterval");
            positive(hubTimeout, "hubTimeout");
            positive(assignAckTimeout, "assignAckTimeout");
            positive(routingRefresh, "routingRefresh");
            positive(wakeInterval, "wakeInterval");
            if (assignResends < 0) {
                throw new IllegalArgumentException("assignResends must not be negative, was " + assignResends);
            }
            if (hubTimeout.compareTo(livenessInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("hubTimeout must be at least twice livenessInterval ("
                        + livenessInterval + "), was " + hubTimeout);
            }
            int frames = Math.min(transport.maxFramePayloadBytes(), transport.maxHttpContentBytes());
            if (maxResultBytes < 1 || maxResultBytes + HubTransportOptions.PACKET_OVERHEAD_BYTES > frames) {
                throw new IllegalArgumentException("maxResultBytes must be positive and, with the packet around it ("
                        + HubTransportOptions.PACKET_OVERHEAD_BYTES + " bytes), fit the transport's frames of "
                        + frames + " bytes (max_frame_payload_bytes, max_http_content_bytes), was " + maxResultBytes);
            }
            return new NodeOptions(this);
        }

        private static void positive(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, was " + value);
            }
        }

        private static void nonNegative(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative()) {
                throw new IllegalArgumentException(field + " must not be negative, was " + value);
            }
        }
    }
}

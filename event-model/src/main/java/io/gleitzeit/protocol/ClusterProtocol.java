package io.gleitzeit.protocol;

/**
 * Where the protocol is spoken: Socket.IO v4 (Engine.IO 4) on namespace {@code /cluster}, path {@code /socket.io},
 * port 8000 unless configured otherwise.
 */
public final class ClusterProtocol {
    /** The one namespace of the protocol; the default namespace is not used. */
    public static final String NAMESPACE = "/cluster";
    /** The Socket.IO path. */
    public static final String DEFAULT_PATH = "/socket.io";
    /** The hub's default port. */
    public static final int DEFAULT_PORT = 8000;
    /** The {@code node_type} every service registers with. */
    public static final String EXTERNAL_SERVICE_NODE_TYPE = "external_service";
    /** The field of the Socket.IO handshake {@code auth} object that carries the token. */
    public static final String AUTH_TOKEN_FIELD = "token";

    private ClusterProtocol() {
    }
}

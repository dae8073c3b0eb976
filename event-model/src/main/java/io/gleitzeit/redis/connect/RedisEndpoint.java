package io.gleitzeit.redis.connect;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where Redis is, parsed once from a URI. Every process opens Redis from one of these forms:
 *
 * <pre>
 * redis://[[user]:password@]host[:port][/database]        one server
 * rediss://…                                              one server over TLS
 * redis-socket:///path/to/redis.sock                      one server on a Unix domain socket
 * redis-sentinel://[password@]host[:port][,host[:port]…][/database]#primaryName
 *                                                         the primary that Sentinel names (follows failovers)
 * redis-cluster://[[user]:password@]host:port[,host:port…]  Redis Cluster, from any reachable seed nodes
 * rediss-cluster://…                                      Redis Cluster over TLS
 * </pre>
 *
 * The first four are Lettuce's own URI forms; the cluster forms list seed nodes the way Lettuce's sentinel form
 * lists sentinels. A cluster has one database, so the cluster forms take no {@code /database}.
 *
 * @param topology how the server(s) are arranged
 * @param nodes    one URI for a server or a Sentinel set (Lettuce keeps the sentinels inside it), one per seed node
 *                 for a cluster
 */
public record RedisEndpoint(Topology topology, List<RedisURI> nodes) {
    /** The URI scheme of Redis Cluster. */
    public static final String CLUSTER_SCHEME = "redis-cluster";
    /** The URI scheme of Redis Cluster over TLS. */
    public static final String CLUSTER_TLS_SCHEME = "rediss-cluster";

    /** How the Redis servers behind an endpoint are arranged. */
    public enum Topology {
        /** One server (TCP, TLS or a Unix socket). */
        STANDALONE,
        /** A primary found through Sentinel, followed across failovers. */
        SENTINEL,
        /** Redis Cluster: keys spread over primaries by hash slot. */
        CLUSTER
    }

    public RedisEndpoint {
        Objects.requireNonNull(topology, "topology");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must not be empty");
        }
        if (topology != Topology.CLUSTER && nodes.size() != 1) {
            throw new IllegalArgumentException("a " + topology + " endpoint has one URI, had " + nodes.size());
        }
    }

    /**
     * Parses one of the forms above. Fails with an {@link IllegalArgumentException} that names the problem and shows
     * the URI without its password.
     */
    public static RedisEndpoint parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        String text = uri.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Redis URL is empty");
        }
        int colon = text.indexOf("://");
        if (colon < 1) {
            throw new IllegalArgumentException("Redis URL has no scheme (redis://, rediss://, redis-socket://, "
                    + "redis-sentinel://, redis-cluster://): " + redact(text));
        }
        String scheme = text.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals(CLUSTER_SCHEME) || scheme.equals(CLUSTER_TLS_SCHEME)) {
            return cluster(scheme.equals(CLUSTER_TLS_SCHEME), text.substring(colon + 3), text);
        }
        if (scheme.endsWith("-sentinel") && (text.indexOf('#') < 0 || text.endsWith("#"))) {
            throw new IllegalArgumentException("Redis Sentinel URL names no primary (add #<primary name>): "
                    + redact(text));
        }
        RedisURI parsed = lettuce(text);
        Topology topology = parsed.getSentinels().isEmpty() ? Topology.STANDALONE : Topology.SENTINEL;
        if (topology == Topology.SENTINEL && (parsed.getSentinelMasterId() == null
                || parsed.getSentinelMasterId().isBlank())) {
            throw new IllegalArgumentException("Redis Sentinel URL names no primary (add #<primary name>): "
                    + redact(text));
        }
        return new RedisEndpoint(topology, List.of(parsed));
    }

    private static RedisEndpoint cluster(boolean tls, String rest, String whole) {
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? rest.substring(0, at + 1) : "";
        String hosts = at >= 0 ? rest.substring(at + 1) : rest;
        if (hosts.contains("/") || hosts.contains("?") || hosts.contains("#")) {
            throw new IllegalArgumentException("Redis Cluster URL takes only host:port seed nodes (a cluster has one "
                    + "database and no options in the URI): " + redact(whole));
        }
        List<RedisURI> nodes = new ArrayList<>();
        for (String node : hosts.split(",", -1)) {
            if (node.isBlank()) {
                throw new IllegalArgumentException("Redis Cluster URL has an empty seed node: " + redact(whole));
            }
            nodes.add(lettuce((tls ? "rediss://" : "redis://") + userInfo + node.strip()));
        }
        return new RedisEndpoint(Topology.CLUSTER, nodes);
    }

    private static RedisURI lettuce(String text) {
        try {
            return RedisURI.create(text);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("not a Redis URL: " + redact(text) + " (" + e.getMessage() + ")");
        }
    }

    /** The URI as given, with the password (if any) replaced by {@code ***}: safe to log and print. */
    public static String redact(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        String userInfo = uri.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon >= 0 ? userInfo.substring(0, colon) : "";
        return uri.substring(0, scheme + 3) + user + ":***" + uri.substring(at);
    }

    /** A description without credentials, e.g. {@code cluster 127.0.0.1:7000,127.0.0.1:7001}. */
    public String describe() {
        StringBuilder out = new StringBuilder(topology.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        for (int i = 0; i < nodes.size(); i++) {
            RedisURI node = nodes.get(i);
            if (i > 0) {
                out.append(',');
            }
            if (node.getSocket() != null) {
                out.append(node.getSocket());
            } else if (!node.getSentinels().isEmpty()) {
                node.getSentinels().forEach(s -> out.append(s.getHost()).append(':').append(s.getPort()).append(','));
                out.setLength(out.length() - 1);
                out.append('#').append(node.getSentinelMasterId());
            } else {
                out.append(node.getHost()).append(':').append(node.getPort());
            }
        }
        return out.toString();
    }
}

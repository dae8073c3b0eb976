package io.gleitzeit.services.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The hosts an HTTP service may call, configured by its operator. A workflow cannot widen it: every request and every
 * redirect target is checked against it before a connection is opened.
 *
 * <p>Entries: {@code api.example.org} (that host, any port), {@code api.example.org:8443} (that host and port),
 * {@code *.example.org} (any subdomain of example.org, not example.org itself), {@code [::1]:8080} (IPv6 literals in
 * brackets), and {@code *} (any host; an operator's explicit choice). Host names compare case-insensitively.
 */
public final class HostAllowList {
    private final List<Entry> entries;

    private HostAllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses the entries; a malformed one is an {@link IllegalArgumentException} naming it. */
    public static HostAllowList of(List<String> entries) {
        Objects.requireNonNull(entries, "entries");
        List<Entry> parsed = new ArrayList<>(entries.size());
        for (String entry : entries) {
            parsed.add(Entry.parse(entry));
        }
        return new HostAllowList(parsed);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether a request to this URL's host and port is allowed. */
    public boolean permits(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        String normalized = normalizeHost(host);
        int port = effectivePort(uri);
        for (Entry entry : entries) {
            if (entry.matches(normalized, port)) {
                return true;
            }
        }
        return false;
    }

    /** The entries as configured, normalized, for messages and listings. */
    public List<String> entries() {
        return entries.stream().map(Entry::toString).toList();
    }

    @Override
    public String toString() {
        return String.join(", ", entries());
    }

    static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** One allow-list entry: a host or a {@code *.} suffix, with an optional port. */
    private record Entry(String host, boolean subdomains, int port) {
        private static final int ANY_PORT = -1;

        static Entry parse(String raw) {
            if (raw == null || raw.isBlank()) {
                throw new IllegalArgumentException("allowed host must not be blank");
            }
            String text = raw.trim();
            if (text.equals("*")) {
                return new Entry("", true, ANY_PORT);
            }
            if (text.contains("/") || text.contains("@")) {
                throw malformed(raw);
            }
            String hostPart = text;
            int port = ANY_PORT;
            int colon = text.lastIndexOf(':');
            boolean bracketed = text.startsWith("[");
            if (colon > 0 && (!bracketed || colon > text.indexOf(']'))) {
                hostPart = text.substring(0, colon);
                port = parsePort(raw, text.substring(colon + 1));
            }
            boolean subdomains = hostPart.startsWith("*.");
            String host = normalizeHost(subdomains ? hostPart.substring(2) : hostPart);
            if (host.isEmpty() || host.contains("*") || (!bracketed && host.contains(":"))) {
                throw malformed(raw);
            }
            return new Entry(host, subdomains, port);
        }

        private static IllegalArgumentException malformed(String raw) {
            return new IllegalArgumentException("allowed host '" + raw + "' must be a host name, '*.' and a"
                    + " domain, an IP address (IPv6 in brackets) or '*', optionally with ':port'");
        }

        private static int parsePort(String raw, String digits) {
            try {
                int port = Integer.parseInt(digits);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("allowed host '" + raw + "' has an invalid port '" + digits + "'");
        }

        boolean matches(String candidate, int candidatePort) {
            if (port != ANY_PORT && port != candidatePort) {
                return false;
            }
            if (subdomains) {
                return host.isEmpty() || candidate.endsWith("." + host);
            }
            return candidate.equals(host);
        }

        @Override
        public String toString() {
            String h = subdomains ? (host.isEmpty() ? "*" : "*." + host) : (host.contains(":") ? "[" + host + "]" : host);
            return port == ANY_PORT ? h : h + ":" + port;
        }
    }
}

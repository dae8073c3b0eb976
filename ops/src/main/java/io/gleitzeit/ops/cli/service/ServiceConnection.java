package io.gleitzeit.ops.cli.service;

import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How a service started by {@code gleitzeit service <kind>} reaches its hubs: a picocli mixin shared by every kind,
 * so that {@code --hub}, {@code --token}, {@code --name}, {@code --max-concurrent} and {@code --transport} mean the
 * same everywhere.
 */
public final class ServiceConnection {
    /** Comma-separated hub URLs when {@code --hub} is not given. */
    public static final String HUB_URL_ENV = "GLEITZEIT_HUB_URL";
    /** The token when {@code --token} is not given. */
    public static final String TOKEN_ENV = "GLEITZEIT_TOKEN";

    @Option(names = "--hub", paramLabel = "URL",
            description = "A hub URL; repeat it (or separate with commas) for several, tried in turn "
                    + "(env " + HUB_URL_ENV + ", comma-separated; default: " + ServiceOptions.DEFAULT_HUB_URL + ").")
    List<String> hubs = new ArrayList<>();

    @Option(names = "--token", paramLabel = "TOKEN", description = "The service token (env " + TOKEN_ENV + ").")
    String token;

    @Option(names = "--name", paramLabel = "NAME", description = "The service name tasks may be pinned to "
            + "(default: the kind's own, e.g. 'functions').")
    String name;

    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "Tasks run at once (default: " + ServiceOptions.DEFAULT_MAX_CONCURRENT + ").")
    Integer maxConcurrent;

    @Option(names = "--transport", paramLabel = "websocket|polling", split = ",",
            description = "Engine.IO transport(s) in the order tried (default: websocket).")
    List<String> transports = new ArrayList<>();

    /** The hub URLs: {@code --hub} (repeatable, comma-separated), else {@value #HUB_URL_ENV}, else the default. */
    public List<String> hubUrls() {
        List<String> raw = hubs.isEmpty() ? List.of(envOr(HUB_URL_ENV, "")) : hubs;
        List<String> urls = new ArrayList<>();
        for (String item : raw) {
            for (String part : item.split(",")) {
                if (!part.isBlank()) {
                    urls.add(part.trim());
                }
            }
        }
        return urls.isEmpty() ? List.of(ServiceOptions.DEFAULT_HUB_URL) : urls;
    }

    /** The token: {@code --token}, else {@value #TOKEN_ENV}, else none. */
    public String token() {
        if (token != null) {
            return token;
        }
        String env = System.getenv(TOKEN_ENV);
        return env == null || env.isBlank() ? null : env;
    }

    /** The service name, or the given default when {@code --name} is not set. */
    public String name(String defaultName) {
        return name != null ? name : defaultName;
    }

    /** {@code --max-concurrent}, or the given default. */
    public int maxConcurrent(int defaultValue) {
        if (maxConcurrent == null) {
            return defaultValue;
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("--max-concurrent must be at least 1, was " + maxConcurrent);
        }
        return maxConcurrent;
    }

    /** The transports named by {@code --transport}, or the SDK default. */
    public List<Transport> transports() {
        if (transports.isEmpty()) {
            return ServiceOptions.DEFAULT_TRANSPORTS;
        }
        List<Transport> result = new ArrayList<>();
        for (String t : transports) {
            String wanted = t.trim().toLowerCase(Locale.ROOT);
            Transport match = null;
            for (Transport candidate : Transport.values()) {
                if (candidate.engineIoName().equals(wanted)) {
                    match = candidate;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("--transport: '" + t + "' is not one of websocket, polling");
            }
            result.add(match);
        }
        return result;
    }

    /**
     * Service options with everything this mixin decides filled in; the caller adds what its kind announces.
     * Validation errors name the option (e.g. {@code --hub: 'x' is not a URL}).
     */
    public ServiceOptions.Builder toOptions(String defaultName, int defaultMaxConcurrent) {
        ServiceOptions.Builder builder = ServiceOptions.newBuilder();
        try {
            builder.hubUrls(hubUrls());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--hub: " + e.getMessage().replaceFirst("^hubUrls: ", ""), e);
        }
        return builder.token(token()).name(name(defaultName)).maxConcurrent(maxConcurrent(defaultMaxConcurrent))
                .transports(transports());
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}

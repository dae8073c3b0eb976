package io.gleitzeit.ops.cli.service;

import io.gleitzeit.ops.cli.ConfigOption;
import io.gleitzeit.ops.cli.HubOptions;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a service started by {@code gleitzeit service <kind>} reaches its hubs: a picocli mixin shared by every kind,
 * so that {@code --hub}, {@code --token}, {@code --name}, {@code --max-concurrent}, {@code --heartbeat-interval} and
 * {@code --transport} mean the same everywhere.
 */
public final class ServiceConnection {
    @Mixin
    HubOptions hub = new HubOptions();

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--name", paramLabel = "NAME", description = "The service name tasks may be pinned to "
            + "(default: the kind's own, e.g. 'functions').")
    String name;

    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "Tasks run at once (default: " + ServiceOptions.DEFAULT_MAX_CONCURRENT + ").")
    Integer maxConcurrent;

    @Option(names = "--heartbeat-interval", paramLabel = "SECONDS",
            description = "Seconds between node:heartbeats (default: 10). Keep it well below the hub's "
                    + "--heartbeat-timeout (30 s by default), or the hub treats the service as gone.")
    Double heartbeatInterval;

    @Option(names = "--transport", paramLabel = "websocket|polling", split = ",",
            description = "Engine.IO transport(s) in the order tried (default: websocket).")
    List<String> transports = new ArrayList<>();

    /** See {@link HubOptions#hubUrls()}. */
    public List<String> hubUrls() {
        return hub.hubUrls();
    }

    /** See {@link HubOptions#token()}. */
    public String token() {
        return hub.token();
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
        if (heartbeatInterval != null) {
            builder.heartbeatInterval(Seconds.positive("--heartbeat-interval", heartbeatInterval));
        }
        return builder.token(token()).name(name(defaultName)).maxConcurrent(maxConcurrent(defaultMaxConcurrent))
                .transports(transports());
    }
}

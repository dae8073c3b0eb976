package io.gleitzeit.ops.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the hub is, for every command that connects to one (services and clients): {@code --hub} (repeatable,
 * comma-separated; env {@value #HUB_URL_ENV}) and {@code --token} (env {@value #TOKEN_ENV}).
 */
public final class HubOptions {
    /** Comma-separated hub URLs when {@code --hub} is not given. */
    public static final String HUB_URL_ENV = "GLEITZEIT_HUB_URL";
    /** The token when {@code --token} is not given. */
    public static final String TOKEN_ENV = "GLEITZEIT_TOKEN";
    /** The hub of {@code gleitzeit up} and {@code gleitzeit orchestrator} on this machine. */
    public static final String DEFAULT_HUB_URL = "http://localhost:8000";

    @Option(names = "--hub", paramLabel = "URL",
            description = "A hub URL; repeat it (or separate with commas) for several, tried in turn "
                    + "(env " + HUB_URL_ENV + ", comma-separated; default: " + DEFAULT_HUB_URL + ").")
    List<String> hubs = new ArrayList<>();

    @Option(names = "--token", paramLabel = "TOKEN", description = "The token for the hub (env " + TOKEN_ENV + ").")
    String token;

    /** {@code --hub} (repeatable, comma-separated), else {@value #HUB_URL_ENV}, else {@value #DEFAULT_HUB_URL}. */
    public List<String> hubUrls() {
        List<String> raw = hubs.isEmpty() ? List.of(env(HUB_URL_ENV, "")) : hubs;
        List<String> urls = new ArrayList<>();
        for (String item : raw) {
            for (String part : item.split(",")) {
                if (!part.isBlank()) {
                    urls.add(part.trim());
                }
            }
        }
        return urls.isEmpty() ? List.of(DEFAULT_HUB_URL) : urls;
    }

    /** {@code --token}, else {@value #TOKEN_ENV}, else {@code null}. */
    public String token() {
        if (token != null) {
            return token;
        }
        String env = System.getenv(TOKEN_ENV);
        return env == null || env.isBlank() ? null : env;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}

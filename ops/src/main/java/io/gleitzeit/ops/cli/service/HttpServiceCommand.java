package io.gleitzeit.ops.cli.service;

import io.gleitzeit.services.http.HttpService;
import io.gleitzeit.services.http.HttpServiceOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gleitzeit service http}: the HTTP service, calling only the hosts given with {@code --allow-host}. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"Run the HTTP service: tasks of type 'http' (api_integration) call URLs with",
            "retries, a size limit and redirects, but only on the hosts you allow; a",
            "workflow cannot make it call anywhere else (docs/services.md).",
            "",
            "Example: gleitzeit service http --allow-host api.example.org --allow-host '*.partner.example.com'"})
public final class HttpServiceCommand implements Callable<Integer> {
    static final String DEFAULT_NAME = "http";
    static final int DEFAULT_MAX_CONCURRENT = 16;
    /** Comma-separated allowed hosts when {@code --allow-host} is not given. */
    static final String ALLOWED_HOSTS_ENV = "GLEITZEIT_HTTP_ALLOWED_HOSTS";

    @Mixin
    ServiceConnection connection;

    @Option(names = "--allow-host", paramLabel = "HOST", split = ",",
            description = {"A host tasks may call: api.example.org (any port), api.example.org:8443,",
                "*.example.org (subdomains), [::1]:8080, or * (any host). Repeatable or comma-separated;",
                "required (env " + ALLOWED_HOSTS_ENV + ", comma-separated)."})
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--request-timeout", paramLabel = "SECONDS",
            description = "One request at most (default: 30); a task's deadline shortens it.")
    double requestTimeout = HttpServiceOptions.DEFAULT_REQUEST_TIMEOUT.toSeconds();

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "One connection at most (default: 10).")
    double connectTimeout = HttpServiceOptions.DEFAULT_CONNECT_TIMEOUT.toSeconds();

    @Option(names = "--max-response-bytes", paramLabel = "N",
            description = "Larger response bodies fail the task (default: 10485760).")
    long maxResponseBytes = HttpServiceOptions.DEFAULT_MAX_RESPONSE_BYTES;

    @Option(names = "--max-attempts", paramLabel = "N",
            description = "Tries per task attempt on connection errors, 408, 429 and 5xx (default: 3).")
    int maxAttempts = HttpServiceOptions.DEFAULT_MAX_ATTEMPTS;

    @Option(names = "--max-retry-after", paramLabel = "SECONDS",
            description = "The longest Retry-After waited for; longer ends the tries (default: 60).")
    double maxRetryAfter = HttpServiceOptions.DEFAULT_MAX_RETRY_AFTER.toSeconds();

    @Option(names = "--max-redirects", paramLabel = "N", description = "Redirects followed (default: 5).")
    int maxRedirects = HttpServiceOptions.DEFAULT_MAX_REDIRECTS;

    @Option(names = "--check", description = "Print the configuration the service would run with and exit.")
    boolean check;

    @Spec
    CommandSpec spec;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        HttpService service = HttpService.of(options());
        if (check) {
            HttpServiceOptions o = service.options();
            out.printf("allowed hosts: %s%nrequest timeout: %s s, connect timeout: %s s%n"
                    + "max response bytes: %d, tries: %d, max Retry-After: %s s, max redirects: %d%n",
                    o.allowedHosts(), o.requestTimeout().toMillis() / 1000.0, o.connectTimeout().toMillis() / 1000.0,
                    o.maxResponseBytes(), o.maxAttempts(), o.maxRetryAfter().toMillis() / 1000.0, o.maxRedirects());
            out.flush();
            return 0;
        }
        out.printf("calling only %s%n", service.options().allowedHosts());
        return ServiceRun.untilStopped(service.newClient(connection.toOptions(DEFAULT_NAME, DEFAULT_MAX_CONCURRENT)),
                out);
    }

    /** The service options from the flags (and the environment); errors name the option. */
    HttpServiceOptions options() {
        List<String> hosts = new ArrayList<>(allowedHosts);
        if (hosts.isEmpty()) {
            for (String host : environment.getOrDefault(ALLOWED_HOSTS_ENV, "").split(",")) {
                if (!host.isBlank()) {
                    hosts.add(host.trim());
                }
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("--allow-host is required (or " + ALLOWED_HOSTS_ENV + "): the service"
                    + " calls no host it was not allowed; give '*' to allow any");
        }
        HttpServiceOptions.Builder builder = HttpServiceOptions.newBuilder();
        try {
            builder.allowedHosts(hosts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--allow-host: " + e.getMessage(), e);
        }
        builder.requestTimeout(Seconds.positive("--request-timeout", requestTimeout))
                .connectTimeout(Seconds.positive("--connect-timeout", connectTimeout))
                .maxRetryAfter(Seconds.positive("--max-retry-after", maxRetryAfter));
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("--max-response-bytes must be at least 1, was " + maxResponseBytes);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--max-attempts must be at least 1, was " + maxAttempts);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("--max-redirects must not be negative, was " + maxRedirects);
        }
        return builder.maxResponseBytes(maxResponseBytes).maxAttempts(maxAttempts).maxRedirects(maxRedirects).build();
    }
}

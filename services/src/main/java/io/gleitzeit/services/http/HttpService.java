package io.gleitzeit.services.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.protocol.ServiceType;
import io.gleitzeit.services.sdk.ServiceDefinition;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.TaskContext;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP service: runs {@code "type": "http"} tasks ({@code external_task_type} {@code api_integration}) with
 * java.net.http, only towards the hosts its operator allowed.
 *
 * <p>A task's parameters are {@code url, method, headers, query, body, fail_on_status}; its result is
 * {@code {status, headers, body, url}} (see {@link RequestExecution} for retries, redirects and failures).
 *
 * <pre>{@code
 * HttpService http = HttpService.of(HttpServiceOptions.newBuilder().allowedHosts(List.of("api.example.org")).build());
 * try (var client = http.newClient(ServiceOptions.newBuilder().name("http").hubUrl("http://localhost:8000"))) {
 *     client.start();
 *     client.awaitClose();
 * }
 * }</pre>
 */
public final class HttpService implements ServiceDefinition {
    /** The handler name HTTP tasks carry in {@code external_task_type}. */
    public static final String API_INTEGRATION = "api_integration";
    /** Also accepted, for hubs that send the document type. */
    public static final String HTTP = "http";

    private final HttpServiceOptions options;
    private final HttpClient client;
    private final ObjectMapper mapper;

    private HttpService(HttpServiceOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        // Redirects are followed by hand so that every target is checked against the allow-list.
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout()).build();
        this.mapper = GleitzeitJson.newMapper();
    }

    public static HttpService of(HttpServiceOptions options) {
        return new HttpService(options);
    }

    public HttpServiceOptions options() {
        return options;
    }

    /** Completes service options for this service: type {@code http} and its task types. */
    @Override
    public ServiceOptions.Builder configure(ServiceOptions.Builder serviceOptions) {
        return serviceOptions.serviceType(ServiceType.HTTP).taskTypes(List.of(API_INTEGRATION, HTTP));
    }


    @Override
    public Object handle(TaskContext context) throws Exception {
        HttpRequestSpec spec = HttpRequestSpec.from(context.parameters());
        return new RequestExecution(spec, options, client, mapper, context.deadline().orElse(null)).run();
    }
}

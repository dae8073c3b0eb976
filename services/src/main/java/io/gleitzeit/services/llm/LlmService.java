package io.gleitzeit.services.llm;

import io.gleitzeit.protocol.ServiceType;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskHandler;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The LLM service: text ({@code llm_generation}) and {@code vision} tasks, each sent to the {@link LlmBackend} of its
 * provider ({@link ProviderNames#resolve}). The result is the answer's text, so {@code {{Task.result}}} drops it into
 * the next prompt; the completion carries the {@code usage} and the {@code endpoint_id} (an Ollama endpoint or the
 * provider's name).
 *
 * <p>A task for a provider this service does not front fails as not retryable here: the hub routes by the
 * registration's {@code providers[]}, so such a task reaching this service is a routing error, not a transient one.
 */
public final class LlmService implements TaskHandler, AutoCloseable {
    public static final String LLM_GENERATION = "llm_generation";
    public static final String VISION = "vision";
    /** Also accepted, for hubs that send the document type. */
    public static final String TEXT = "text";

    private final Map<String, LlmBackend> backends;

    private LlmService(Map<String, LlmBackend> backends) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("an LLM service needs at least one backend");
        }
        // registration order is kept: it is the order providers are announced in
        this.backends = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(backends));
    }

    /** A service over these backends; their provider names must differ. */
    public static LlmService of(List<? extends LlmBackend> backends) {
        Map<String, LlmBackend> byProvider = new LinkedHashMap<>();
        for (LlmBackend backend : backends) {
            if (byProvider.putIfAbsent(backend.provider(), backend) != null) {
                throw new IllegalArgumentException("two backends for provider '" + backend.provider() + "'");
            }
        }
        return new LlmService(byProvider);
    }

    public List<String> providers() {
        return List.copyOf(backends.keySet());
    }

    public LlmBackend backend(String provider) {
        return backends.get(provider);
    }

    /**
     * The models to announce: every backend's, or none at all when one backend takes any model (an external
     * provider without a model list, an endpoint whose models are not known yet). {@code models[]} is one list for the
     * whole service, so a partial list would keep the hub from sending that backend the models it does not name.
     */
    public List<String> models() {
        Set<String> models = new LinkedHashSet<>();
        for (LlmBackend backend : backends.values()) {
            List<String> own = backend.models();
            if (own.isEmpty()) {
                return List.of();
            }
            models.addAll(own);
        }
        return List.copyOf(models);
    }

    /** Completes service options: type {@code llm}, its task types, providers and models. */
    public ServiceOptions.Builder configure(ServiceOptions.Builder options) {
        return options.serviceType(ServiceType.LLM)
                .taskTypes(List.of(LLM_GENERATION, VISION, TEXT))
                .providers(providers())
                .models(models());
    }

    /**
     * A client for this service; {@code options} needs a name and the hub URLs. With endpoints (the internal provider's),
     * heartbeats carry their state and every change of endpoints is announced to the hub again.
     */
    public GleitzeitServiceClient newClient(ServiceOptions.Builder options,
                                            Optional<? extends EndpointSource> endpoints) {
        GleitzeitServiceClient.Builder builder = GleitzeitServiceClient.newBuilder(configure(options).build(), this);
        // models follow the endpoints, which can change while the service runs
        builder.models(this::models);
        endpoints.ifPresent(source -> builder.endpointHealth(source::health).endpoints(source::declarations)
                .routingStrategy(source.routingStrategy()));
        GleitzeitServiceClient client = builder.build();
        endpoints.ifPresent(source -> source.onChange(client::announce));
        return client;
    }

    @Override
    public Object handle(TaskContext context) throws Exception {
        boolean vision = VISION.equals(context.assignment().handlerType());
        LlmRequest request = LlmRequest.from(context.parameters(), vision);
        String provider = ProviderNames.resolve(request.provider(), request.model());
        LlmBackend backend = backends.get(provider);
        if (backend == null) {
            throw TaskFailedException.nonRetryable("unknown_provider", "provider '" + provider
                    + "' is not offered by this service (it offers " + providers() + ")");
        }
        LlmReply reply = backend.generate(request, context);
        context.endpoint(reply.endpointId());
        if (reply.usage() != null) {
            context.usage(reply.usage());
        }
        context.progress(100, "answered by " + reply.endpointId() + (reply.model() == null ? ""
                : " (" + reply.model() + ")"));
        return reply.text();
    }


    @Override
    public void close() {
        backends.values().forEach(LlmBackend::close);
    }
}

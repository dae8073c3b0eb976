package io.gleitzeit.services.llm.ollama;

import io.gleitzeit.services.llm.ChatMessage;
import io.gleitzeit.services.llm.ImageFetcher;
import io.gleitzeit.services.llm.ImageInput;
import io.gleitzeit.services.llm.LlmBackend;
import io.gleitzeit.services.llm.LlmReply;
import io.gleitzeit.services.llm.LlmRequest;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code internal} provider: Ollama endpoints in an {@link EndpointPool}.
 *
 * <p><b>Failover happens inside the service.</b> When an endpoint fails a call before any text was relayed, the same
 * task attempt moves on to another endpoint at once. The service knows which endpoint failed and its breaker is
 * already updated, while a retryable failure would cost the task one of its policy's attempts and the policy's
 * backoff for a fault that is not the task's, and the hub would have to learn not to send it to the same endpoint.
 * Once text has been streamed to subscribers a second endpoint would repeat it, so then the attempt fails as
 * retryable, naming the endpoint, and the hub's retry policy decides.
 */
public final class OllamaBackend implements LlmBackend {
    public static final String PROVIDER = "internal";
    private static final Logger log = LoggerFactory.getLogger(OllamaBackend.class);

    private final EndpointPool pool;
    private final OllamaApi api;
    private final ImageFetcher images;
    private final String defaultModel;

    /**
     * @param defaultModel the model for tasks that name none, or {@code null} to require one
     */
    public OllamaBackend(EndpointPool pool, OllamaApi api, ImageFetcher images, String defaultModel) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.api = Objects.requireNonNull(api, "api");
        this.images = Objects.requireNonNull(images, "images");
        this.defaultModel = defaultModel;
    }

    public EndpointPool pool() {
        return pool;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /**
     * Every endpoint's models, a {@code name:latest} also as {@code name} (what tasks usually say); empty when an
     * endpoint's models are not known, since it may serve any.
     */
    @Override
    public List<String> models() {
        Set<String> models = new LinkedHashSet<>();
        for (OllamaEndpoint endpoint : pool.endpoints()) {
            if (endpoint.models().isEmpty()) {
                return List.of();
            }
            for (String model : endpoint.models()) {
                models.add(model);
                if (model.endsWith(":latest")) {
                    models.add(model.substring(0, model.length() - ":latest".length()));
                }
            }
        }
        return List.copyOf(models);
    }

    @Override
    public LlmReply generate(LlmRequest request, TaskContext context) throws InterruptedException {
        String model = request.model() != null ? request.model() : defaultModel;
        if (model == null) {
            throw TaskFailedException.nonRetryable(TaskFault.INVALID_ARGUMENT,
                    "$.model is required: the internal provider has no default model");
        }
        LlmRequest ready = inlineImages(request.withModel(model));
        Set<String> failedOn = new LinkedHashSet<>();
        String preferred = context.assignment().endpointId();
        String lastError = null;
        while (true) {
            EndpointPool.Lease lease;
            try {
                lease = pool.acquire(model, preferred, failedOn);
            } catch (NoEndpointException e) {
                throw noEndpoint(e, lastError);
            }
            String endpointId = lease.endpoint().id();
            context.endpoint(endpointId);
            context.progress(0, "routed to " + lease.decision().describe());
            log.debug("{} routed to {}", context.taskId(), lease.decision().describe());
            RelayedChunks relayed = new RelayedChunks(context);
            long started = System.nanoTime();
            try {
                LlmReply reply = api.generate(lease.endpoint().config(), ready, relayed);
                lease.succeeded(Duration.ofNanos(System.nanoTime() - started));
                return reply;
            } catch (OllamaCallException e) {
                switch (e.kind()) {
                    case REJECTED -> {
                        lease.close();
                        throw TaskFailedException.nonRetryable("rejected", e.getMessage());
                    }
                    case MODEL_MISSING -> lease.close();
                    case ENDPOINT -> lease.failed();
                    default -> throw new IllegalStateException("unknown failure kind " + e.kind());
                }
                failedOn.add(endpointId);
                lastError = e.getMessage();
                if (relayed.any()) {
                    throw TaskFailedException.retryable("endpoint_failed", e.getMessage()
                            + " (after streaming began; not failed over so no text repeats)");
                }
                log.info("{} failing over: {}", context.taskId(), e.getMessage());
                context.progress(0, "failing over: " + e.getMessage());
                preferred = null;
            } finally {
                lease.close();
            }
        }
    }

    private static TaskFailedException noEndpoint(NoEndpointException e, String lastError) {
        String message = lastError == null ? e.getMessage() : e.getMessage() + "; last error: " + lastError;
        if (e.reason() == NoEndpointException.Reason.MODEL_NOT_SERVED) {
            return TaskFailedException.nonRetryable("model_not_served", message);
        }
        return TaskFailedException.retryable("no_endpoint", message);
    }

    private LlmRequest inlineImages(LlmRequest request) throws InterruptedException {
        if (request.images().isEmpty()) {
            return request;
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            List<ImageInput> inline = new ArrayList<>();
            for (ImageInput image : m.images()) {
                inline.add(images.inline(image));
            }
            messages.add(new ChatMessage(m.role(), m.content(), inline));
        }
        return request.withMessages(messages);
    }

    /** Relays chunks to the task and remembers whether any went out. */
    private static final class RelayedChunks implements java.util.function.Consumer<String> {
        private final TaskContext context;
        private boolean any;

        RelayedChunks(TaskContext context) {
            this.context = context;
        }

        @Override
        public void accept(String chunk) {
            any = true;
            context.chunk(chunk);
        }

        boolean any() {
            return any;
        }
    }
}

package io.gleitzeit.services.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.services.llm.ChatMessage;
import io.gleitzeit.services.llm.ImageFetcher;
import io.gleitzeit.services.llm.ImageInput;
import io.gleitzeit.services.llm.LlmBackend;
import io.gleitzeit.services.llm.LlmReply;
import io.gleitzeit.services.llm.LlmRequest;
import io.gleitzeit.services.llm.http.HttpExchange;
import io.gleitzeit.services.llm.http.JsonHttp;
import io.gleitzeit.services.llm.http.RetryAfter;
import io.gleitzeit.services.llm.http.SseReader;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One external provider (OpenAI, Anthropic, Gemini or an OpenAI-compatible server) as an {@link LlmBackend}.
 *
 * <p>A 429 or 5xx answer, or a connection that fails before any text, is tried again within the same task attempt,
 * up to {@link ProviderOptions#maxAttempts()} calls, waiting what {@code Retry-After} asks or else an exponential
 * backoff; a wait that would pass the task's deadline is not started, the attempt fails as retryable instead. Other
 * 4xx answers fail the task as not retryable, with the provider's own message. Every message that leaves this class
 * has the API key removed ({@link ApiKey#redact(String)}).
 */
public final class ProviderBackend implements LlmBackend {
    private static final Logger log = LoggerFactory.getLogger(ProviderBackend.class);

    /** Waits between calls; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ProviderOptions options;
    private final WireFormat format;
    private final JsonHttp http;
    private final ImageFetcher images;
    private final Sleeper sleeper;
    private final Clock clock;

    public ProviderBackend(ProviderOptions options, ObjectMapper mapper, ImageFetcher images, Sleeper sleeper,
                           Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.format = options.kind().format();
        this.http = new JsonHttp(mapper, options.timeouts());
        this.images = Objects.requireNonNull(images, "images");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A backend that really sleeps between retries. */
    public static ProviderBackend of(ProviderOptions options, ObjectMapper mapper) {
        return new ProviderBackend(options, mapper, new ImageFetcher(), d -> Thread.sleep(d.toMillis()),
                Clock.systemUTC());
    }

    @Override
    public String provider() {
        return options.name();
    }

    @Override
    public List<String> models() {
        return options.models();
    }

    @Override
    public LlmReply generate(LlmRequest request, TaskContext context) throws InterruptedException {
        String model = request.model() != null ? request.model() : options.defaultModel();
        if (model == null) {
            throw TaskFailedException.nonRetryable(TaskFault.INVALID_ARGUMENT,
                    "$.model is required: provider " + options.name() + " has no default model");
        }
        LlmRequest ready = request.withModel(model);
        if (format.needsInlineImages()) {
            ready = inlineImages(ready);
        }
        WireFormat.Call call = format.call(options, ready, http.mapper());
        String failure = null;
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            try (HttpExchange exchange = http.post(call.uri(), call.headers(), call.body())) {
                if (exchange.isSuccess()) {
                    return read(exchange, ready, context);
                }
                String message = describe(exchange);
                if (!retryable(exchange.status())) {
                    throw TaskFailedException.nonRetryable("provider_rejected", message);
                }
                failure = message;
                retryAfter = RetryAfter.parse(exchange.header("Retry-After"), clock);
            } catch (IOException e) {
                failure = redact(options.name() + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } catch (RetryableStreamFailure e) {
                failure = e.getMessage();
            }
            if (attempt == options.maxAttempts()) {
                break;
            }
            Duration wait = retryAfter.orElse(backoff(attempt));
            Optional<Instant> deadline = context.deadline();
            if (deadline.isPresent() && clock.instant().plus(wait).isAfter(deadline.get())) {
                throw TaskFailedException.retryable("provider_unavailable", failure + " (retry in "
                        + wait.toMillis() + " ms would pass the task's deadline)");
            }
            log.info("{}: {}; call {} of {} in {} ms", context.taskId(), failure, attempt + 1,
                    options.maxAttempts(), wait.toMillis());
            context.progress(0, failure + "; retrying in " + wait.toMillis() + " ms");
            sleeper.sleep(wait);
        }
        throw TaskFailedException.retryable("provider_unavailable", failure + " (after " + options.maxAttempts()
                + " calls)");
    }

    private LlmReply read(HttpExchange exchange, LlmRequest request, TaskContext context)
            throws IOException, InterruptedException, RetryableStreamFailure {
        WireFormat.Answer answer;
        if (request.stream()) {
            WireFormat.StreamReader reader = format.streamReader();
            SseReader events = new SseReader(exchange);
            boolean[] relayed = {false};
            SseReader.Event event;
            try {
                while ((event = events.next()) != null) {
                    JsonNode data = "[DONE]".equals(event.data().trim()) ? null : http.parse(event.data());
                    if (reader.accept(event.event(), data, chunk -> {
                        relayed[0] = true;
                        context.chunk(chunk);
                    })) {
                        break;
                    }
                }
            } catch (WireFormat.StreamError e) {
                String message = redact(options.name() + " reported in its stream: " + e.getMessage());
                if (!relayed[0]) {
                    throw new RetryableStreamFailure(message);
                }
                throw TaskFailedException.retryable("provider_stream_error", message);
            } catch (IOException e) {
                if (!relayed[0]) {
                    throw e;
                }
                throw TaskFailedException.retryable("provider_stream_error", redact(options.name()
                        + ": the stream broke off: " + e.getMessage()));
            }
            answer = reader.answer();
        } else {
            answer = format.answer(http.parse(exchange.text()));
        }
        return new LlmReply(answer.text(), answer.model() != null ? answer.model() : request.model(),
                answer.usage(), options.name());
    }

    private String describe(HttpExchange exchange) throws InterruptedException {
        String body;
        try {
            body = exchange.text();
        } catch (IOException e) {
            body = "";
        }
        String message = null;
        try {
            message = format.errorMessage(http.parse(body));
        } catch (IOException notJson) {
            // not a JSON error body: quote it
        }
        if (message == null) {
            message = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        }
        return redact(options.name() + ": HTTP " + exchange.status() + ": " + message);
    }

    private static boolean retryable(int status) {
        return status == 429 || status == 408 || status >= 500;
    }

    private Duration backoff(int attempt) {
        long millis = options.retryBaseDelay().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, options.retryMaxDelay().toMillis()));
    }

    private String redact(String text) {
        return options.apiKey() == null ? text : options.apiKey().redact(text);
    }

    private LlmRequest inlineImages(LlmRequest request) throws InterruptedException {
        if (request.images().stream().allMatch(ImageInput::isInline)) {
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

    /** An error event before any text: the call can be made again. */
    private static final class RetryableStreamFailure extends Exception {
        private static final long serialVersionUID = 1L;

        RetryableStreamFailure(String message) {
            super(message);
        }
    }
}

package io.gleitzeit.services.llm.provider;

import io.gleitzeit.services.llm.http.HttpTimeouts;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One external provider: which API it speaks, where, with which key, and how hard to retry. Build with
 * {@link #newBuilder(String, ProviderKind)}.
 */
public final class ProviderOptions {
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(60);
    /** Anthropic requires {@code max_tokens}; this is sent when a task gives none. */
    public static final int DEFAULT_MAX_TOKENS = 1024;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final String name;
    private final ProviderKind kind;
    private final URI baseUrl;
    private final ApiKey apiKey;
    private final List<String> models;
    private final String defaultModel;
    private final int maxAttempts;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final int defaultMaxTokens;
    private final HttpTimeouts timeouts;

    private ProviderOptions(Builder b) {
        this.name = b.name;
        this.kind = b.kind;
        this.baseUrl = b.baseUrl != null ? b.baseUrl : b.kind.defaultBaseUrl();
        this.apiKey = b.apiKey;
        this.models = List.copyOf(b.models);
        this.defaultModel = b.defaultModel;
        this.maxAttempts = b.maxAttempts;
        this.retryBaseDelay = b.retryBaseDelay;
        this.retryMaxDelay = b.retryMaxDelay;
        this.defaultMaxTokens = b.defaultMaxTokens;
        this.timeouts = b.timeouts;
    }

    /**
     * @param name the provider name tasks use: {@code openai}, {@code anthropic}, {@code gemini} or a custom name
     */
    public static Builder newBuilder(String name, ProviderKind kind) {
        return new Builder(name, kind);
    }

    public String name() {
        return name;
    }

    public ProviderKind kind() {
        return kind;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The key, or {@code null} for a server that needs none (a local OpenAI-compatible one). */
    public ApiKey apiKey() {
        return apiKey;
    }

    public List<String> models() {
        return models;
    }

    public String defaultModel() {
        return defaultModel;
    }

    /** Calls per task attempt, the first included, while the provider answers 429 or 5xx. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    public int defaultMaxTokens() {
        return defaultMaxTokens;
    }

    public HttpTimeouts timeouts() {
        return timeouts;
    }

    @Override
    public String toString() {
        return "ProviderOptions[" + name + ", " + kind.wireName() + ", " + baseUrl + ", key "
                + (apiKey == null ? "none" : "set") + "]";
    }

    /** Collects the options; {@link #build()} validates them. */
    public static final class Builder {
        private final String name;
        private final ProviderKind kind;
        private URI baseUrl;
        private ApiKey apiKey;
        private List<String> models = List.of();
        private String defaultModel;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
        private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
        private int defaultMaxTokens = DEFAULT_MAX_TOKENS;
        private HttpTimeouts timeouts = HttpTimeouts.DEFAULTS;

        private Builder(String name, ProviderKind kind) {
            this.name = name;
            this.kind = kind;
        }

        public Builder baseUrl(String baseUrl) {
            try {
                this.baseUrl = baseUrl == null ? null : URI.create(baseUrl.trim().replaceAll("/+$", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("base_url is not a URL: '" + baseUrl + "'", e);
            }
            return this;
        }

        public Builder apiKey(ApiKey apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder models(List<String> models) {
            this.models = List.copyOf(Objects.requireNonNull(models, "models"));
            return this;
        }

        public Builder defaultModel(String defaultModel) {
            this.defaultModel = defaultModel;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder retryDelays(Duration base, Duration max) {
            this.retryBaseDelay = base;
            this.retryMaxDelay = max;
            return this;
        }

        public Builder defaultMaxTokens(int defaultMaxTokens) {
            this.defaultMaxTokens = defaultMaxTokens;
            return this;
        }

        public Builder timeouts(HttpTimeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        public ProviderOptions build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("name must be lower-case letters, digits, '.', '_' or '-', was '"
                        + name + "'");
            }
            if ("internal".equals(name)) {
                throw new IllegalArgumentException("name 'internal' is the Ollama endpoints' provider");
            }
            Objects.requireNonNull(kind, "kind");
            URI url = baseUrl != null ? baseUrl : kind.defaultBaseUrl();
            if (url == null) {
                throw new IllegalArgumentException("base_url is required for an OpenAI-compatible provider");
            }
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("base_url must be an http(s) URL with a host, was '" + url + "'");
            }
            if (apiKey == null && kind != ProviderKind.OPENAI_COMPATIBLE) {
                throw new IllegalArgumentException("api_key is required for " + kind.wireName());
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max_attempts must be at least 1, was " + maxAttempts);
            }
            Objects.requireNonNull(retryBaseDelay, "retry_base_delay");
            Objects.requireNonNull(retryMaxDelay, "retry_max_delay");
            if (retryBaseDelay.isNegative() || retryMaxDelay.compareTo(retryBaseDelay) < 0) {
                throw new IllegalArgumentException("retry delays must satisfy 0 <= base <= max");
            }
            if (defaultMaxTokens < 1) {
                throw new IllegalArgumentException("default_max_tokens must be positive, was " + defaultMaxTokens);
            }
            return new ProviderOptions(this);
        }
    }
}

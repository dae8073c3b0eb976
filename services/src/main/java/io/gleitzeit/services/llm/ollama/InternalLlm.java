package io.gleitzeit.services.llm.ollama;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.protocol.EndpointDeclaration;
import io.gleitzeit.protocol.EndpointHealth;
import io.gleitzeit.services.llm.EndpointSource;
import io.gleitzeit.services.llm.ImageFetcher;
import io.gleitzeit.services.llm.http.JsonHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal provider, assembled and running: the {@link EndpointPool}, its {@link HealthMonitor}, the
 * {@link OllamaBackend}, and the endpoints file re-read when it changes. Endpoints can be added and removed while it
 * runs ({@link #addEndpoint}, {@link #removeEndpoint}, or by editing the file); listeners hear of every change so the
 * service can announce its new endpoints to the hub.
 */
public final class InternalLlm implements EndpointSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InternalLlm.class);

    private final InternalLlmOptions options;
    private final ObjectMapper mapper;
    private final EndpointPool pool;
    private final HealthMonitor monitor;
    private final OllamaBackend backend;
    private final ScheduledExecutorService scheduler;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, OllamaEndpointConfig> fromFile = new HashMap<>();
    private FileTime fileVersion;

    private InternalLlm(InternalLlmOptions options, ObjectMapper mapper) {
        this.options = options;
        this.mapper = mapper;
        this.pool = new EndpointPool(options.strategy(), options.failureThreshold(), options.openFor(),
                options.clock());
        OllamaApi api = new OllamaApi(new JsonHttp(mapper, options.timeouts()));
        this.monitor = new HealthMonitor(pool, api);
        this.backend = new OllamaBackend(pool, api, new ImageFetcher(), options.defaultModel());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gleitzeit-llm-endpoints");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Adds the configured endpoints, checks each once (so the registration lists their models), and starts the
     * periodic checks and file reloads.
     */
    public static InternalLlm start(InternalLlmOptions options, ObjectMapper mapper) throws InterruptedException {
        InternalLlm llm = new InternalLlm(Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(mapper, "mapper"));
        options.endpoints().forEach(llm.pool::add);
        if (options.endpointsFile() != null) {
            // at start a wrong file is an error; later it only keeps the endpoints as they are
            try {
                llm.fileVersion = Files.getLastModifiedTime(options.endpointsFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(options.endpointsFile() + ": cannot read endpoints: " + e, e);
            }
            llm.applyFile(EndpointSpecs.readFile(options.endpointsFile(), mapper));
        }
        llm.monitor.checkAll();
        long interval = options.healthInterval().toMillis();
        llm.scheduler.scheduleWithFixedDelay(llm::tick, interval, interval, TimeUnit.MILLISECONDS);
        return llm;
    }

    public OllamaBackend backend() {
        return backend;
    }

    public EndpointPool pool() {
        return pool;
    }

    @Override
    public List<EndpointHealth> health() {
        return pool.health();
    }

    @Override
    public List<EndpointDeclaration> declarations() {
        return pool.declarations();
    }

    /** The service's own {@code --strategy}, which the hub then applies too. */
    @Override
    public String routingStrategy() {
        return options.strategy().wireName();
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Adds an endpoint now, checks it once, and tells the listeners. */
    public void addEndpoint(OllamaEndpointConfig config) throws InterruptedException {
        OllamaEndpoint endpoint = pool.add(config);
        monitor.check(endpoint);
        log.info("endpoint {} added ({})", config.name(), config.url());
        changed();
    }

    /** Removes an endpoint: it takes no new requests; running ones finish. */
    public boolean removeEndpoint(String name) {
        boolean removed = pool.remove(name);
        if (removed) {
            log.info("endpoint {} removed", name);
            changed();
        }
        return removed;
    }

    private void tick() {
        try {
            if (options.endpointsFile() != null && reloadFile()) {
                changed();
            }
            monitor.checkAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("endpoint round failed: {}", e.getMessage());
        }
    }

    /** Re-reads the endpoints file when it changed; true when endpoints were added, removed or replaced. */
    private synchronized boolean reloadFile() {
        FileTime version;
        try {
            version = Files.getLastModifiedTime(options.endpointsFile());
        } catch (IOException e) {
            log.warn("cannot read endpoints file {}: {}", options.endpointsFile(), e.toString());
            return false;
        }
        if (version.equals(fileVersion)) {
            return false;
        }
        List<OllamaEndpointConfig> configs;
        try {
            configs = EndpointSpecs.readFile(options.endpointsFile(), mapper);
        } catch (IllegalArgumentException e) {
            // a half-written or wrong file keeps the endpoints as they are
            log.warn("endpoints file not applied: {}", e.getMessage());
            fileVersion = version;
            return false;
        }
        fileVersion = version;
        return applyFile(configs);
    }

    /** Makes the endpoints from the file those of {@code configs}; true when any was added, removed or replaced. */
    private synchronized boolean applyFile(List<OllamaEndpointConfig> configs) {
        boolean changed = false;
        Map<String, OllamaEndpointConfig> wanted = new HashMap<>();
        configs.forEach(c -> wanted.put(c.name(), c));
        for (String name : List.copyOf(fromFile.keySet())) {
            OllamaEndpointConfig now = wanted.get(name);
            if (now == null || !now.equals(fromFile.get(name))) {
                pool.remove(name);
                fromFile.remove(name);
                changed = true;
            }
        }
        for (OllamaEndpointConfig config : configs) {
            if (!fromFile.containsKey(config.name())) {
                if (pool.get(config.name()).isPresent()) {
                    log.warn("endpoints file: '{}' is already configured elsewhere; ignored", config.name());
                    continue;
                }
                pool.add(config);
                fromFile.put(config.name(), config);
                changed = true;
            }
        }
        if (changed) {
            log.info("endpoints file applied: {}", fromFile.keySet());
        }
        return changed;
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

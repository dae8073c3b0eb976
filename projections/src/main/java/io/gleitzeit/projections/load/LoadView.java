package io.gleitzeit.projections.load;

import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.projections.ModelKeys;
import io.gleitzeit.projections.internal.ModelReader;
import io.gleitzeit.projections.internal.StoredJson;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Queries of the load model, from Redis (any replica; a GET and an HGETALL or HMGET per query). */
public final class LoadView {
    private final ModelReader reader;

    /** Over a connection the caller keeps and closes. */
    public LoadView(StatefulRedisConnection<String, String> connection, KeyLayout layout) {
        this(RedisLink.of(connection), layout);
    }

    /** Over a link (a server's or a cluster's) the caller keeps and closes. */
    public LoadView(RedisLink connection, KeyLayout layout) {
        this.reader = new ModelReader(connection, new ModelKeys(layout.prefix(), LoadModel.NAME));
    }

    /** The load of every service that was ever dispatched to or registered, by id. */
    public CompletionStage<List<ServiceLoad>> services() {
        return reader.hash(LoadModel.SERVICES).thenApply(all -> all.entrySet().stream()
                .map(e -> StoredJson.read(e.getValue(), ServiceLoad.class, "load of service " + e.getKey()))
                .sorted(Comparator.comparing(ServiceLoad::serviceId))
                .toList());
    }

    /** One service's load. */
    public CompletionStage<Optional<ServiceLoad>> service(String serviceId) {
        return reader.values(LoadModel.SERVICES, List.of(serviceId)).thenApply(found -> found.stream().findFirst()
                .map(json -> StoredJson.read(json, ServiceLoad.class, "load of service " + serviceId)));
    }

    /** Every endpoint's load and state, by service and endpoint id. */
    public CompletionStage<List<EndpointLoad>> endpoints() {
        return reader.hash(LoadModel.ENDPOINTS).thenApply(all -> all.entrySet().stream()
                .map(e -> StoredJson.read(e.getValue(), EndpointLoad.class, "load of endpoint " + e.getKey()))
                .sorted(Comparator.comparing(EndpointLoad::serviceId).thenComparing(EndpointLoad::endpointId))
                .toList());
    }

    /** One endpoint's load and state. */
    public CompletionStage<Optional<EndpointLoad>> endpoint(String serviceId, String endpointId) {
        String key = EndpointLoad.key(serviceId, endpointId);
        return reader.values(LoadModel.ENDPOINTS, List.of(key)).thenApply(found -> found.stream().findFirst()
                .map(json -> StoredJson.read(json, EndpointLoad.class, "load of endpoint " + key)));
    }

    /** What the model could not square with what it knew. */
    public CompletionStage<LoadAnomalies> anomalies() {
        return reader.hash(LoadModel.ANOMALIES).thenApply(LoadView::anomalies);
    }

    private static LoadAnomalies anomalies(Map<String, String> counts) {
        return new LoadAnomalies(Long.parseLong(counts.getOrDefault(LoadModel.CLAMPED, "0")),
                Long.parseLong(counts.getOrDefault(LoadModel.UNMATCHED, "0")));
    }
}

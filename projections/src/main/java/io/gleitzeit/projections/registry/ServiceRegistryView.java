package io.gleitzeit.projections.registry;

import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.projections.ModelKeys;
import io.gleitzeit.projections.internal.ModelReader;
import io.gleitzeit.projections.internal.StoredJson;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Queries of the service registry, from Redis (any replica; a GET and an HGETALL or HMGET per query). */
public final class ServiceRegistryView {
    private final ModelReader reader;

    /** Over a connection the caller keeps and closes. */
    public ServiceRegistryView(StatefulRedisConnection<String, String> connection, KeyLayout layout) {
        this(RedisLink.of(connection), layout);
    }

    /** Over a link (a server's or a cluster's) the caller keeps and closes. */
    public ServiceRegistryView(RedisLink connection, KeyLayout layout) {
        this.reader = new ModelReader(connection, new ModelKeys(layout.prefix(), ServiceRegistryModel.NAME));
    }

    /** Every service ever registered, by id. */
    public CompletionStage<List<ServiceRecord>> services() {
        return reader.hash(ServiceRegistryModel.SERVICES).thenApply(all -> all.entrySet().stream()
                .map(e -> StoredJson.read(e.getValue(), ServiceRecord.class, "service " + e.getKey()))
                .sorted(Comparator.comparing(ServiceRecord::serviceId))
                .toList());
    }

    /** The services connected now. */
    public CompletionStage<List<ServiceRecord>> connected() {
        return services().thenApply(all -> all.stream().filter(s -> s.status() == ServiceStatus.CONNECTED).toList());
    }

    /** One service. */
    public CompletionStage<Optional<ServiceRecord>> service(String serviceId) {
        return reader.values(ServiceRegistryModel.SERVICES, List.of(serviceId)).thenApply(found -> found.stream()
                .findFirst().map(json -> StoredJson.read(json, ServiceRecord.class, "service " + serviceId)));
    }
}

package io.gleitzeit.projections.registry;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.EventParked;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.projections.ChangeSet;
import io.gleitzeit.projections.ModelState;
import io.gleitzeit.projections.ReadModel;
import io.gleitzeit.projections.Source;
import io.gleitzeit.projections.StoredModel;
import io.gleitzeit.projections.internal.StoredJson;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service registry, from the cluster stream: every service that ever registered, with what it offers and
 * whether it is connected. Key {@code services}: HASH service id → {@link ServiceRecord} JSON.
 */
public final class ServiceRegistryModel implements ReadModel {
    /** The model's name (keys {@code <prefix>{proj:registry}:…}, group {@code proj-registry}). */
    public static final String NAME = "registry";
    static final String SERVICES = "services";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Source> sources() {
        return Set.of(Source.CLUSTER);
    }

    @Override
    public List<String> keyNames() {
        return List.of(SERVICES);
    }

    @Override
    public ModelState newState() {
        return new State();
    }

    /** Every service in memory (a cluster has few); the changed ones are written per batch. */
    private static final class State implements ModelState {
        private final Map<String, ServiceRecord> services = new LinkedHashMap<>();
        private final Set<String> changed = new LinkedHashSet<>();

        @Override
        public void load(StoredModel stored) {
            stored.readAll(SERVICES).forEach((id, json) ->
                    services.put(id, StoredJson.read(json, ServiceRecord.class, "service " + id)));
        }

        @Override
        public void apply(EventEnvelope<ClusterEvent> event) {
            ClusterEvent payload = event.payload();
            if (payload instanceof ServiceRegistered e) {
                put(ServiceRecord.registered(e, event.occurredAt()));
            } else if (payload instanceof ServiceDisconnected e) {
                ServiceRecord known = services.get(e.serviceId());
                // a disconnect of an earlier connection, appended after the service registered again, ends nothing
                if (known != null && e.ends(known.session())) {
                    put(known.disconnected(event.occurredAt(), e.reason()));
                }
            } else if (payload instanceof EndpointStatusReported e) {
                ServiceRecord known = services.get(e.serviceId());
                if (known != null) {
                    put(known.seen(event.occurredAt()));
                }
            } else if (payload instanceof EventParked || payload instanceof UnknownEvent) {
                // nothing about services
            } else {
                throw new IllegalStateException("the registry does not handle " + payload.getClass().getName());
            }
        }

        private void put(ServiceRecord record) {
            services.put(record.serviceId(), record);
            changed.add(record.serviceId());
        }

        @Override
        public void drainChanges(ChangeSet changes) {
            changed.forEach(id -> changes.put(SERVICES, id, StoredJson.write(services.get(id))));
            changed.clear();
        }
    }
}

package io.gleitzeit.services.llm;

import io.gleitzeit.protocol.EndpointDeclaration;
import io.gleitzeit.protocol.EndpointHealth;
import java.util.List;

/**
 * Endpoints a service announces and reports on, which may change while it runs (the internal provider's Ollama
 * endpoints).
 */
public interface EndpointSource {

    /** The endpoints as announced at registration. */
    List<EndpointDeclaration> declarations();

    /** Each endpoint's state, for heartbeats. */
    List<EndpointHealth> health();

    /**
     * How the hub should choose among these endpoints, declared as {@code routing_strategy} in the registration:
     * {@code least_loaded}, {@code round_robin}, {@code fastest_response} or {@code model_affinity}.
     */
    String routingStrategy();

    /** Called after endpoints were added or removed. */
    void onChange(Runnable listener);
}

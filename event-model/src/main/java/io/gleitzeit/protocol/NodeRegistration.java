package io.gleitzeit.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * {@code node:register}: a service announces itself, on every (re)connect. Asked with an ack, the hub answers
 * {@code {ok: true, service_id}}.
 *
 * @param nodeId       stable per service process; the hub keys the service by it
 * @param name         the service name tasks may be pinned to
 * @param nodeType     {@code external_service}
 * @param capabilities task types and concurrency
 * @param serviceType  (ext) the kind of service, or {@code null}
 * @param functions    (ext) the function names a function service can run
 * @param models       (ext) the models an LLM service serves
 * @param endpoints    (ext) its endpoints
 * @param version      (ext) the service's version, or {@code null}
 * @param providers    (ext) the LLM providers an LLM service fronts ({@code internal}, {@code openai},
 *                     {@code anthropic}, {@code gemini} or a custom provider's name); empty for other services. An
 *                     LLM task is routed only to a service listing its provider
 * @param routingStrategy (ext) how the hub chooses among its {@code endpoints}: {@code least_loaded},
 *                     {@code round_robin}, {@code fastest_response} or {@code model_affinity}; {@code null} means
 *                     {@code least_loaded}. The hub checks the name
 */
@WirePayload
public record NodeRegistration(
        String nodeId, String name, String nodeType, NodeCapabilities capabilities, ServiceType serviceType,
        List<String> functions, List<String> models, List<EndpointDeclaration> endpoints, String version,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> providers, String routingStrategy) {
    public NodeRegistration {
        Require.text(nodeId, "node_id");
        name = name == null || name.isBlank() ? nodeId : name;
        nodeType = Objects.requireNonNullElse(nodeType, ClusterProtocol.EXTERNAL_SERVICE_NODE_TYPE);
        capabilities = Objects.requireNonNullElse(capabilities, NodeCapabilities.of(List.of(), 1));
        functions = Require.list(functions);
        models = Require.list(models);
        endpoints = Require.list(endpoints);
        providers = Require.list(providers);
        routingStrategy = routingStrategy == null || routingStrategy.isBlank() ? null : routingStrategy.trim();
    }

    /** A registration that declares no routing strategy. */
    public NodeRegistration(String nodeId, String name, String nodeType, NodeCapabilities capabilities,
                            ServiceType serviceType, List<String> functions, List<String> models,
                            List<EndpointDeclaration> endpoints, String version, List<String> providers) {
        this(nodeId, name, nodeType, capabilities, serviceType, functions, models, endpoints, version, providers,
                null);
    }

    /** A registration that names no LLM providers (function, HTTP, SQL and custom services). */
    public NodeRegistration(String nodeId, String name, String nodeType, NodeCapabilities capabilities,
                            ServiceType serviceType, List<String> functions, List<String> models,
                            List<EndpointDeclaration> endpoints, String version) {
        this(nodeId, name, nodeType, capabilities, serviceType, functions, models, endpoints, version, List.of());
    }
}

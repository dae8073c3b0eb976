package io.gleitzeit.services.sdk;

/**
 * A kind of service: its handler, and what it announces (service type, task types, …). Implemented by the built-in
 * services, so that each is started the same way.
 *
 * <pre>{@code
 * try (var client = service.newClient(ServiceOptions.newBuilder().name("http").hubUrl("http://localhost:8000"))) {
 *     client.start();
 *     client.awaitClose();
 * }
 * }</pre>
 */
public interface ServiceDefinition extends TaskHandler {

    /** Completes service options with what this kind announces; the caller gives the name and the hubs. */
    ServiceOptions.Builder configure(ServiceOptions.Builder options);

    /** A client running this service; {@code options} needs a name and the hub URLs. */
    default GleitzeitServiceClient newClient(ServiceOptions.Builder options) {
        return GleitzeitServiceClient.newBuilder(configure(options).build(), this).build();
    }
}

package io.gleitzeit.protocol;

import java.util.List;

/**
 * An endpoint a service offers (ext), such as one Ollama host.
 *
 * @param endpointId    unique within the service
 * @param url           where it is
 * @param models        the models it serves
 * @param gpu           a GPU description, or {@code null}
 * @param maxConcurrent its own concurrency limit (absent means 1)
 */
@WirePayload
public record EndpointDeclaration(String endpointId, String url, List<String> models, String gpu, int maxConcurrent) {
    public EndpointDeclaration {
        Require.text(endpointId, "endpoint_id");
        models = Require.list(models);
        maxConcurrent = Math.max(1, maxConcurrent);
    }
}

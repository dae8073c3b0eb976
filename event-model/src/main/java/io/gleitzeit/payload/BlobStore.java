package io.gleitzeit.payload;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where payloads too large for the event streams are kept, per workflow: a workflow's blobs live and go with its
 * history. Content-addressed, so storing the same content twice stores it once.
 */
public interface BlobStore {

    /** Stores {@code blobs} for {@code workflowId}; content already stored is left as it is. */
    CompletionStage<Void> put(String workflowId, List<Blob> blobs);

    /** The contents of {@code refs} stored for {@code workflowId}, by SHA-256; a missing one is absent. */
    CompletionStage<Map<String, String>> get(String workflowId, Collection<BlobRef> refs);

    /** Every blob of {@code workflowId}, content by SHA-256 (for export). */
    CompletionStage<Map<String, String>> all(String workflowId);
}

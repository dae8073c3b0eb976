package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.definition.WorkflowValidationException;

/**
 * The {@code error.code}s of the client events besides the transport's own ({@code bad_request}, {@code forbidden},
 * {@code internal}, …). They are part of the wire contract: docs/protocol.md lists them.
 */
public final class ClientErrors {
    /** The submitted document is invalid; {@code details} lists every problem by JSON path. */
    public static final String INVALID_WORKFLOW = WorkflowValidationException.ERROR_CODE;
    /** A different document was already submitted under the same {@code workflow_id}. */
    public static final String CONFLICT = "conflict";
    /** No workflow has that id. */
    public static final String NOT_FOUND = "not_found";
    /** The workflow already completed, failed or was cancelled. */
    public static final String ALREADY_FINISHED = "already_finished";

    private ClientErrors() {
    }
}

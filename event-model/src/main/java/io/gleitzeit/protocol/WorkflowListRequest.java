package io.gleitzeit.protocol;

/**
 * {@code workflow:list} (ext).
 *
 * @param status only workflows in this status ({@code running}, {@code completed}, …), or {@code null} for all
 * @param limit  at most this many, or {@code null} for the hub's default
 */
@WirePayload
public record WorkflowListRequest(String status, Integer limit) {
    public WorkflowListRequest {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }
}

package io.gleitzeit.protocol;

/**
 * {@code authenticated}: the hub accepted a legacy {@code authenticate}.
 *
 * @param success always {@code true} in this event
 */
@WirePayload
public record AuthenticationResult(boolean success) {
}

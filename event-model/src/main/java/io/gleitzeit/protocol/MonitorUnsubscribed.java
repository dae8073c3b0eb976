package io.gleitzeit.protocol;

/**
 * {@code monitor:unsubscribed}.
 *
 * @param message a confirmation
 */
@WirePayload
public record MonitorUnsubscribed(String message) {
}

package io.gleitzeit.protocol;

/**
 * {@code connected}: the hub may greet a new connection with this.
 *
 * @param message a greeting
 * @param sid     the connection's session id
 */
@WirePayload
public record ConnectedNotice(String message, String sid) {
}

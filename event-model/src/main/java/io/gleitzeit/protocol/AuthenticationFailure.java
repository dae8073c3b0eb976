package io.gleitzeit.protocol;

/**
 * {@code authentication_failed}: the hub refused a token.
 *
 * @param error why
 */
@WirePayload
public record AuthenticationFailure(String error) {
}

package io.gleitzeit.protocol;

/**
 * {@code authenticate}: the legacy way to present a token, after connecting. The handshake {@code auth} object
 * {@code {token}} is preferred.
 *
 * @param clientType  {@code external_service}, {@code client}, {@code monitor}, …
 * @param token       the token
 * @param serviceName the service's name, or {@code null}
 * @param clientId    the client's id, or {@code null}
 */
@WirePayload
public record AuthenticateRequest(String clientType, String token, String serviceName, String clientId) {
}
